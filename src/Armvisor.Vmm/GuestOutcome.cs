namespace Armvisor.Vmm;

/// <summary>How a guest run ended; the CLI's exit code is the numeric value.</summary>
public enum GuestOutcome
{
    /// <summary>The guest powered off (PSCI SYSTEM_OFF).</summary>
    PoweredOff = 0,

    /// <summary>A host-side error (not the guest's doing).</summary>
    HostError = 1,

    /// <summary>Bad command line or configuration.</summary>
    ConfigurationError = 2,

    /// <summary>The guest reset the machine and --no-reboot was given.</summary>
    Reset = 3,

    /// <summary>The guest stopped making progress in a way the platform reports (e.g. all vCPUs off, a fatal fault loop).</summary>
    GuestFault = 4,

    /// <summary>--timeout expired.</summary>
    Timeout = 5,

    /// <summary>The user quit (Ctrl-A x) or the process was interrupted.</summary>
    UserQuit = 6,

    /// <summary>A watchdog of the WFE channel reset the machine and --no-reboot was given.</summary>
    WatchdogReset = 7,

    /// <summary>
    /// The guest ended the run with its own exit status (semihosting SYS_EXIT); the CLI's exit code is that status
    /// (<see cref="Machine.GuestExitStatus"/>), not this value.
    /// </summary>
    GuestExitStatus = 8,
}
