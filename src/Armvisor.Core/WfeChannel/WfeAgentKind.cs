namespace Armvisor.Core.WfeChannel;

/// <summary>Which agent answers on a channel.</summary>
public enum WfeAgentKind
{
    /// <summary>The hypervisor core at EL2 (HCR_EL2.TWE).</summary>
    Hypervisor,

    /// <summary>The secure monitor at EL3 (SCR_EL3.TWE).</summary>
    SecureMonitor,
}
