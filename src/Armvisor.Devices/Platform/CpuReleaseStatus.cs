namespace Armvisor.Devices.Platform;

/// <summary>The outcome of a write to RELEASE, as the STATUS register reports it (values are the register encoding).</summary>
public enum CpuReleaseStatus : uint
{
    /// <summary>No release has been attempted since reset.</summary>
    Idle = 0,

    /// <summary>The CPU was off and now starts at ENTRY.</summary>
    Released = 1,

    /// <summary>No CPU has that MPIDR: the write was ignored.</summary>
    UnknownCpu = 2,

    /// <summary>The CPU is already on (or starting): the write was ignored.</summary>
    AlreadyOn = 3,

    /// <summary>ENTRY is zero: the write was ignored.</summary>
    NoEntry = 4,
}
