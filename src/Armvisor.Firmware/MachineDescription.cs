using Armvisor.Memory;

namespace Armvisor.Firmware;

/// <summary>
/// Everything the firmware tables say about the machine. The VMM fills it from its memory map; this layer only
/// describes, it never decides where devices live.
/// </summary>
public sealed record MachineDescription
{
    /// <summary>MPIDR_EL1 of each CPU, boot CPU first (only the affinity fields Aff3..Aff0 are used, DDI0487 D23.2 MPIDR_EL1).</summary>
    public required IReadOnlyList<ulong> CpuMpidrs { get; init; }

    /// <summary>The guest RAM ranges.</summary>
    public required IReadOnlyList<AddressRange> Memory { get; init; }

    public required GicDescription Gic { get; init; }

    public TimerInterrupts Timer { get; init; } = TimerInterrupts.Default;

    /// <summary>The PL011 UART.</summary>
    public required MmioDeviceDescription Uart { get; init; }

    /// <summary>The PL031 RTC.</summary>
    public required MmioDeviceDescription Rtc { get; init; }

    /// <summary>The PL061 GPIO controller whose pin 3 is the gpio-keys power button (QEMU virt's VIRT_GPIO); null for none.</summary>
    public MmioDeviceDescription? Gpio { get; init; }

    public required VirtioMmioDescription VirtioMmio { get; init; }

    /// <summary>The fw_cfg MMIO window ("qemu,fw-cfg-mmio"); null when the machine has none (kernel boots).</summary>
    public AddressRange? FwCfg { get; init; }

    /// <summary>The CFI flash banks (one "cfi-flash" node with a reg entry each, bank width <see cref="FlashBankWidth"/>); empty for none.</summary>
    public IReadOnlyList<AddressRange> Flash { get; init; } = [];

    /// <summary>Data bus width of the flash banks in bytes (the binding's bank-width).</summary>
    public uint FlashBankWidth { get; init; } = 4;

    public PsciConduit PsciConduit { get; init; } = PsciConduit.Hvc;

    /// <summary>The CPUs are ARMv7-A (a Cortex-A15 with EL1 in AArch32): the DT says so as QEMU's virt does for
    /// <c>-cpu cortex-a15</c> ("arm,cortex-a15" cpus, an "arm,armv7-timer", no PMUv3 node).</summary>
    public bool AArch32Cpus { get; init; }

    /// <summary>The per-vCPU private data area alias (patents.md §3): one IPA page each CPU sees as its own; null for none.</summary>
    public AddressRange? PrivateDataArea { get; init; }

    /// <summary>Kernel command line (/chosen bootargs).</summary>
    public string BootArgs { get; init; } = "";

    /// <summary>Where the initrd was placed, if any (/chosen linux,initrd-start/end).</summary>
    public AddressRange? Initrd { get; init; }

    /// <summary>Device tree path of the console; null means the PL011 node.</summary>
    public string? StdoutPath { get; init; }

    /// <summary>Optional /chosen kaslr-seed.</summary>
    public ulong? KaslrSeed { get; init; }

    /// <summary>
    /// Optional /chosen rng-seed (dt-schema chosen.yaml): bytes Linux mixes into its CRNG and, with
    /// CONFIG_RANDOM_TRUST_BOOTLOADER, credits, so getrandom() does not block at boot (QEMU virt passes 32 bytes).
    /// </summary>
    public byte[]? RngSeed { get; init; }

    /// <summary>MPIDR affinity mask: Aff3 [39:32], Aff2 [23:16], Aff1 [15:8], Aff0 [7:0] (DDI0487 D23.2 MPIDR_EL1).</summary>
    public const ulong MpidrAffinityMask = 0xFF_00FF_FFFF;

    /// <summary>
    /// QEMU virt's layout (hw/arm/virt.c base_memmap[] and a15irqmap[]; linux-platform.md §2.1) with
    /// <paramref name="cpuCount"/> CPUs of MPIDR Aff0 = n (Aff1 = n / 16 beyond 16, as GICv3 target lists need) and
    /// <paramref name="ramSize"/> bytes of RAM at 0x4000_0000.
    /// </summary>
    public static MachineDescription QemuVirt(int cpuCount, ulong ramSize)
    {
        if (cpuCount < 1 || cpuCount > 123)
        {
            throw new FirmwareLayoutException($"CPU count {cpuCount} is outside 1..123 (the virt redistributor region holds 123)");
        }

        return new MachineDescription
        {
            CpuMpidrs = Enumerable.Range(0, cpuCount).Select(n => ((uint)n / 16 << 8) | ((uint)n % 16)).Select(a => (ulong)a).ToArray(),
            Memory = [new AddressRange(new GuestPhysicalAddress(0x4000_0000), ramSize)],
            // PMUv3 overflow interrupt: PPI 7 = INTID 23 (Arm BSA; QEMU virt's VIRTUAL_PMU_IRQ), in the DT and the MADT GICC.
            Gic = new GicDescription(new GuestPhysicalAddress(0x0800_0000), 0x1_0000, new GuestPhysicalAddress(0x080A_0000), 0xF6_0000)
            {
                PerformanceIntid = 23,
            },
            Uart = new MmioDeviceDescription(new GuestPhysicalAddress(0x0900_0000), 0x1000, 1),
            Rtc = new MmioDeviceDescription(new GuestPhysicalAddress(0x0901_0000), 0x1000, 2),
            VirtioMmio = new VirtioMmioDescription(new GuestPhysicalAddress(0x0A00_0000), 0x200, 32, 16),
        };
    }
}
