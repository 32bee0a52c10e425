namespace Armvisor.Core.WfeChannel;

/// <summary>What happens when a watchdog expires (X3 bits [7:0] of WATCHDOG_CONFIG).</summary>
public enum WatchdogAction : ulong
{
    /// <summary>Reset the VM.</summary>
    ResetVm = 0,

    /// <summary>Inject an interrupt into the vCPU (the pseudo-NMI when the VM designates one).</summary>
    InjectInterrupt = 1,

    /// <summary>Log and notify the VMM only.</summary>
    LogOnly = 2,
}
