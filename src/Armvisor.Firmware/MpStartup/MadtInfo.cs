namespace Armvisor.Firmware.MpStartup;

/// <summary>What the MP start-up module needs from a MADT: the GICC structures in table order.</summary>
public sealed record MadtInfo(IReadOnlyList<MadtGicc> GicCpuInterfaces, bool ChecksumValid);
