namespace Armvisor.Fleet.Providers;

/// <summary>What a provider reports about an instance (EC2's pending/running/stopped/terminated, simplified).</summary>
public enum InstancePower
{
    Unknown,
    Allocated,
    Running,
    Halted,
    Terminated,
}
