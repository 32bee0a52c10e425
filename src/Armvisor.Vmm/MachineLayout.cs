using Armvisor.Memory;

namespace Armvisor.Vmm;

/// <summary>
/// The virt board's memory map and interrupt numbers, the same as QEMU's <c>hw/arm/virt.c</c> <c>base_memmap[]</c>
/// and <c>a15irqmap[]</c>, so that firmware and kernels built for QEMU virt run unchanged. Every base address and
/// interrupt in the VMM derives from here (docs/memory-map.md draws it).
/// <code>
///   0x0000_0000 ┌───────────────────────────┐
///               │ flash bank 0  64 MiB      │ CFI, Intel command set (with --bios / --pflash)
///   0x0400_0000 ├───────────────────────────┤
///               │ flash bank 1  64 MiB      │ (EFI variables)
///   0x0800_0000 ├───────────────────────────┤ GICv3 distributor   64 KiB
///   0x080A_0000 ├───────────────────────────┤ GICv3 redistributors 128 KiB per vCPU (RD_base + SGI_base)
///   0x0900_0000 ├───────────────────────────┤ PL011 UART           4 KiB   SPI 1  (INTID 33)
///   0x0901_0000 ├───────────────────────────┤ PL031 RTC            4 KiB   SPI 2  (INTID 34)
///   0x090C_0000 ├───────────────────────────┤ per-vCPU private data area alias 4 KiB (each vCPU its own page)
///   0x090F_0000 ├───────────────────────────┤ CPU release controller 4 KiB (only with --secondary-start platform)
///   0x0A00_0000 ├───────────────────────────┤ virtio-mmio × 32     512 B each, SPI 16..47 (INTID 48..79)
///   0x0A00_4000 ├───────────────────────────┤
///               │ (unpopulated)             │
///   0x4000_0000 ├───────────────────────────┤ RAM (up to 255 GiB)
///               └───────────────────────────┘
/// </code>
/// </summary>
public static class MachineLayout
{
    /// <summary>Size of each of the two CFI flash banks (QEMU virt's VIRT_FLASH: 128 MiB in two banks).</summary>
    public const ulong FlashBankSize = 64UL << 20;

    /// <summary>Flash bank <paramref name="unit"/> (0 at 0x0, the firmware; 1 at 0x0400_0000, its variable store).</summary>
    public static AddressRange FlashBank(int unit) => new(new GuestPhysicalAddress((ulong)unit * FlashBankSize), FlashBankSize);

    /// <summary>GICv3 distributor (GICD), 64 KiB.</summary>
    public static readonly AddressRange GicDistributor = new(new GuestPhysicalAddress(0x0800_0000), 0x1_0000);

    /// <summary>Start of the GICv3 redistributor region (GICR); QEMU reserves 0xF6_0000 (123 CPUs).</summary>
    public static readonly GuestPhysicalAddress GicRedistributorBase = new(0x080A_0000);

    /// <summary>Each redistributor is two 64 KiB frames, RD_base and SGI_base (IHI0069 §12.10).</summary>
    public const ulong GicRedistributorStride = 0x2_0000;

    /// <summary>Size of the redistributor region QEMU virt reserves.</summary>
    public const ulong GicRedistributorRegionSize = 0xF6_0000;

    /// <summary>PL011 UART.</summary>
    public static readonly AddressRange Uart = new(new GuestPhysicalAddress(0x0900_0000), 0x1000);

    /// <summary>PL031 RTC.</summary>
    public static readonly AddressRange Rtc = new(new GuestPhysicalAddress(0x0901_0000), 0x1000);

    /// <summary>PL061 GPIO (QEMU virt's VIRT_GPIO), whose pin 3 is the power button.</summary>
    public static readonly AddressRange Gpio = new(new GuestPhysicalAddress(0x0903_0000), 0x1000);

    /// <summary>fw_cfg (QEMU virt's VIRT_FW_CFG): data, selector, DMA address.</summary>
    public static readonly AddressRange FwCfg = new(new GuestPhysicalAddress(0x0902_0000), 0x18);

    /// <summary>
    /// The CPU release controller of <c>--secondary-start platform</c>: an Armvisor device, placed in the gap after
    /// QEMU virt's last low device (SECURE_GPIO at 0x090B_0000) and before virtio-mmio, where QEMU maps nothing.
    /// </summary>
    public static readonly AddressRange CpuReleaseController = new(new GuestPhysicalAddress(0x090F_0000), 0x1000);

    /// <summary>
    /// The per-vCPU private data area alias (patents.md §3): one page that reaches a different host page on each vCPU,
    /// in the same gap QEMU virt leaves after SECURE_GPIO (0x090B_0000), so nothing a virt guest expects moves.
    /// </summary>
    public static readonly AddressRange PrivateDataArea = new(new GuestPhysicalAddress(0x090C_0000), 0x1000);

    /// <summary>First virtio-mmio transport.</summary>
    public static readonly GuestPhysicalAddress VirtioBase = new(0x0A00_0000);

    /// <summary>Size of (and distance between) virtio-mmio transports.</summary>
    public const ulong VirtioStride = 0x200;

    /// <summary>Number of virtio-mmio transports (QEMU's NUM_VIRTIO_TRANSPORTS).</summary>
    public const int VirtioSlotCount = 32;

    /// <summary>Guest RAM starts here.</summary>
    public static readonly GuestPhysicalAddress RamBase = new(0x4000_0000);

    /// <summary>Largest RAM the low map allows (QEMU's LEGACY_RAMLIMIT: 255 GiB).</summary>
    public const ulong RamLimit = 255UL << 30;

    /// <summary>SPI numbers (INTID = SPI + 32).</summary>
    public const int UartSpi = 1;

    public const int RtcSpi = 2;

    /// <summary>The PL061's SPI (QEMU virt's a15irqmap[VIRT_GPIO]).</summary>
    public const int GpioSpi = 7;

    public const int FirstVirtioSpi = 16;

    /// <summary>Number of SPIs the distributor implements (INTIDs 32..32+SpiCount-1).</summary>
    public const int SpiCount = 96;

    /// <summary>PPI INTIDs of the generic timers (BSA; QEMU include/hw/arm/bsa.h).</summary>
    public const int VirtualTimerPpi = 27;

    public const int PhysicalTimerPpi = 30;

    public const int HypervisorTimerPpi = 26;

    public const int SecurePhysicalTimerPpi = 29;

    public const int GicMaintenancePpi = 25;

    /// <summary>Base of virtio-mmio slot <paramref name="slot"/>.</summary>
    public static GuestPhysicalAddress VirtioSlot(int slot) => VirtioBase + ((ulong)slot * VirtioStride);

    /// <summary>Redistributor base of vCPU <paramref name="index"/>.</summary>
    public static GuestPhysicalAddress Redistributor(int index) => GicRedistributorBase + ((ulong)index * GicRedistributorStride);

    /// <summary>The INTID of SPI <paramref name="spi"/>.</summary>
    public static int SpiIntid(int spi) => spi + 32;
}
