namespace Armvisor.Arm64;

/// <summary>PSCI return codes (Arm DEN0022D §5.2.2), as the signed value placed in X0.</summary>
public enum PsciReturnCode
{
    Success = 0,
    NotSupported = -1,
    InvalidParameters = -2,
    Denied = -3,
    AlreadyOn = -4,
    OnPending = -5,
    InternalFailure = -6,
    NotPresent = -7,
    Disabled = -8,
    InvalidAddress = -9,
}
