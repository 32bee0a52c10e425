namespace Armvisor.Fleet.Agent;

/// <summary>How one boot ended; the process exit code of <c>fleet agent</c> is the enum value.</summary>
public enum BootOutcome
{
    /// <summary>The host ran and shut down (its VMs finished). The machine halts.</summary>
    Halted = 0,

    /// <summary>Provisioning failed; the reason was reported. The machine halts, unconfigured.</summary>
    Failed = 1,

    /// <summary>The configuration is installed; boot again from the self-configured image.</summary>
    Reboot = 3,
}
