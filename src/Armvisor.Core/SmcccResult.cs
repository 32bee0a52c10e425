namespace Armvisor.Core;

/// <summary>
/// What an SMCCC call returns: X0..X3, and optionally a machine-wide event (SYSTEM_OFF/RESET) that ends the run.
/// Unknown function IDs answer NOT_SUPPORTED (-1) in X0 (Arm DEN0028 §5.2).
/// </summary>
public readonly record struct SmcccResult(ulong X0, ulong X1 = 0, ulong X2 = 0, ulong X3 = 0, SystemEvent? Event = null)
{
    public static SmcccResult NotSupported { get; } = new(unchecked((ulong)-1L));

    public static SmcccResult FromPsci(Armvisor.Arm64.PsciReturnCode code) => new(unchecked((ulong)(long)(int)code));
}
