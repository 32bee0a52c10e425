namespace Armvisor.Devices.FwCfg;

/// <summary>
/// The fixed fw_cfg selector keys (QEMU docs/specs/fw_cfg.rst, "Selector Reference"); named files start at
/// <see cref="FileFirst"/> and are found through <see cref="FileDirectory"/>.
/// </summary>
public static class FwCfgItem
{
    public const ushort Signature = 0x00;
    public const ushort Id = 0x01;
    public const ushort Uuid = 0x02;
    public const ushort RamSize = 0x03;
    public const ushort NoGraphic = 0x04;
    public const ushort CpuCount = 0x05;
    public const ushort KernelAddress = 0x07;
    public const ushort KernelSize = 0x08;
    public const ushort InitrdAddress = 0x0A;
    public const ushort InitrdSize = 0x0B;
    public const ushort BootDevice = 0x0C;
    public const ushort Numa = 0x0D;
    public const ushort BootMenu = 0x0E;
    public const ushort MaxCpus = 0x0F;
    public const ushort KernelEntry = 0x10;
    public const ushort KernelData = 0x11;
    public const ushort InitrdData = 0x12;
    public const ushort CommandLineAddress = 0x13;
    public const ushort CommandLineSize = 0x14;
    public const ushort CommandLineData = 0x15;
    public const ushort SetupAddress = 0x16;
    public const ushort SetupSize = 0x17;
    public const ushort SetupData = 0x18;
    public const ushort FileDirectory = 0x19;
    public const ushort FileFirst = 0x20;

    /// <summary>Selector bit 14: the item is written by the guest (fw_cfg.rst "Selector Register Behavior").</summary>
    public const ushort WriteBit = 0x4000;

    /// <summary>Selector bit 15: architecture-specific items (none on Arm).</summary>
    public const ushort ArchitectureBit = 0x8000;
}
