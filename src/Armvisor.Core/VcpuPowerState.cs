namespace Armvisor.Core;

/// <summary>A vCPU's PSCI power state (Arm DEN0022D §5.1.5 AFFINITY_INFO values).</summary>
public enum VcpuPowerState
{
    On = 0,
    Off = 1,
    OnPending = 2,
}
