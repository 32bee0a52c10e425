namespace Armvisor.Engine.AArch32.Memory;

/// <summary>The resolution of a shadow fault; <see cref="FaultStatus"/> is a short-descriptor status with domain (FS | domain &lt;&lt; 5).</summary>
public readonly record struct ShadowFaultResolution(ShadowFaultAction Action, uint FaultStatus = 0, ulong PhysicalAddress = 0, bool Device = false)
{
    public static ShadowFaultResolution Retry { get; } = new(ShadowFaultAction.Retry);

    public static ShadowFaultResolution Reflect(uint status) => new(ShadowFaultAction.Reflect, status);

    public static ShadowFaultResolution PermitOnce(ulong physicalAddress, bool device) =>
        new(ShadowFaultAction.PermitOnce, 0, physicalAddress, device);
}
