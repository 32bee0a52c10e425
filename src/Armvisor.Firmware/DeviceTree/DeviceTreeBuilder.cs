using Armvisor.Memory;

namespace Armvisor.Firmware.DeviceTree;

/// <summary>
/// Builds the device tree of a <see cref="MachineDescription"/>, modelled on QEMU virt's tree (hw/arm/virt.c
/// create_fdt and the fdt_add_* helpers; linux-platform.md §2.2): same node names, compatibles and interrupt cells,
/// so a kernel that boots on QEMU virt sees the same hardware description.
/// </summary>
public sealed class DeviceTreeBuilder
{
    /// <summary>phandle of the 24 MHz APB clock (QEMU allocates phandles from 0x8000, the clock first).</summary>
    public const uint ClockPhandle = 0x8000;

    /// <summary>phandle of the GIC.</summary>
    public const uint GicPhandle = 0x8001;

    /// <summary>phandle of the PL061 GPIO controller (the next QEMU allocates).</summary>
    public const uint GpioPhandle = 0x8002;

    /// <summary>The GPIO pin of the power button (QEMU virt create_gpio_keys: pin 3).</summary>
    public const uint PowerButtonPin = 3;

    /// <summary>KEY_POWER in include/uapi/linux/input-event-codes.h.</summary>
    public const uint KeyPower = 116;

    /// <summary>The PL011/PL031 APB clock rate QEMU virt advertises.</summary>
    public const uint ApbClockFrequency = 24_000_000;

    private readonly MachineDescription _machine;
    private readonly FdtWriter _fdt = new();

    private DeviceTreeBuilder(MachineDescription machine) => _machine = machine;

    /// <summary>The DTB for <paramref name="machine"/>.</summary>
    public static byte[] Build(MachineDescription machine)
    {
        var builder = new DeviceTreeBuilder(machine);
        using (builder._fdt.BeginNode(""))
        {
            builder.AddRootProperties();
            builder.AddChosen();
            builder.AddAliases();
            builder.AddMemory();
            builder.AddFlash();
            builder.AddCpus();
            builder.AddPsci();
            builder.AddGic();
            builder.AddTimer();
            if (!machine.AArch32Cpus)
            {
                // QEMU virt describes PMUv3 for AArch64 CPUs only; an ARMv7 kernel has no driver for it.
                builder.AddPmu();
            }
            builder.AddClock();
            builder.AddPl011();
            builder.AddPl031();
            builder.AddGpioPowerButton();
            builder.AddFwCfg();
            builder.AddVirtioMmio();
            builder.AddPrivateDataArea();
        }

        return builder._fdt.Finish();
    }

    /// <summary>
    /// A DT that holds nothing but /chosen with the UEFI parameters, bootargs and initrd: arm64 Linux treats such a
    /// tree as a stub (arch/arm64/kernel/acpi.c dt_is_stub) and takes its hardware description from ACPI.
    /// </summary>
    public static byte[] BuildUefiStub(UefiBootParameters uefi, string bootArgs, AddressRange? initrd)
    {
        var fdt = new FdtWriter();
        using (fdt.BeginNode(""))
        {
            fdt.PropertyU32("#address-cells", 2);
            fdt.PropertyU32("#size-cells", 2);
            using (fdt.BeginNode("chosen"))
            {
                fdt.PropertyString("bootargs", bootArgs);
                WriteInitrd(fdt, initrd);
                fdt.PropertyU64("linux,uefi-system-table", uefi.SystemTable.Value);
                fdt.PropertyU64("linux,uefi-mmap-start", uefi.MemoryMap.Value);
                fdt.PropertyU32("linux,uefi-mmap-size", uefi.MemoryMapSize);
                fdt.PropertyU32("linux,uefi-mmap-desc-size", uefi.DescriptorSize);
                fdt.PropertyU32("linux,uefi-mmap-desc-ver", uefi.DescriptorVersion);

                // Debian's kernels carry the secure-boot lockdown patches, whose efi_get_fdt_params also requires
                // linux,uefi-secure-boot (the efi_secureboot_mode as the EFI stub would pass it; 1 = disabled) and
                // otherwise ignore the whole UEFI parameter set ("Can't find property ... in DT!").
                fdt.PropertyU32("linux,uefi-secure-boot", 1);
            }
        }

        return fdt.Finish();
    }

    /// <summary>Node name of the PL011, also the default stdout-path and serial0 alias.</summary>
    public static string UartPath(MachineDescription machine) => $"/pl011@{machine.Uart.Base.Value:x}";

    private void AddRootProperties()
    {
        _fdt.PropertyU32("interrupt-parent", GicPhandle);
        _fdt.PropertyU32("#size-cells", 2);
        _fdt.PropertyU32("#address-cells", 2);
        _fdt.PropertyString("compatible", "linux,dummy-virt");
        _fdt.PropertyString("model", "linux,dummy-virt");
    }

    private void AddChosen()
    {
        using (_fdt.BeginNode("chosen"))
        {
            _fdt.PropertyString("bootargs", _machine.BootArgs);
            _fdt.PropertyString("stdout-path", _machine.StdoutPath ?? UartPath(_machine));
            WriteInitrd(_fdt, _machine.Initrd);
            if (_machine.KaslrSeed is { } seed)
            {
                _fdt.PropertyU64("kaslr-seed", seed);
            }

            if (_machine.RngSeed is { } randomness)
            {
                _fdt.Property("rng-seed", randomness);
            }
        }
    }

    private static void WriteInitrd(FdtWriter fdt, AddressRange? initrd)
    {
        if (initrd is { } range)
        {
            // Documentation/devicetree/bindings/chosen.txt: u32 or u64; the end is exclusive.
            fdt.PropertyU64("linux,initrd-start", range.Start.Value);
            fdt.PropertyU64("linux,initrd-end", range.End.Value);
        }
    }

    private void AddAliases()
    {
        using (_fdt.BeginNode("aliases"))
        {
            _fdt.PropertyString("serial0", UartPath(_machine));
        }
    }

    private void AddMemory()
    {
        foreach (var range in _machine.Memory)
        {
            using (_fdt.BeginNode($"memory@{range.Start.Value:x}"))
            {
                _fdt.PropertyString("device_type", "memory");
                _fdt.PropertyCells("reg", RegCells(range.Start, range.Length));
            }
        }
    }

    private void AddCpus()
    {
        // Documentation/devicetree/bindings/arm/cpus.yaml: reg holds MPIDR_EL1 affinity; two cells once Aff3 is used.
        var needsTwoCells = _machine.CpuMpidrs.Any(m => (m & MachineDescription.MpidrAffinityMask) > uint.MaxValue);
        using (_fdt.BeginNode("cpus"))
        {
            _fdt.PropertyU32("#address-cells", needsTwoCells ? 2u : 1u);
            _fdt.PropertyU32("#size-cells", 0);
            foreach (var mpidr in _machine.CpuMpidrs)
            {
                var affinity = mpidr & MachineDescription.MpidrAffinityMask;
                using (_fdt.BeginNode($"cpu@{affinity:x}"))
                {
                    _fdt.PropertyString("device_type", "cpu");
                    _fdt.PropertyString("compatible", _machine.AArch32Cpus ? "arm,cortex-a15" : "arm,cortex-a57");
                    if (needsTwoCells)
                    {
                        _fdt.PropertyU64("reg", affinity);
                    }
                    else
                    {
                        _fdt.PropertyU32("reg", (uint)affinity);
                    }

                    if (_machine.CpuMpidrs.Count > 1)
                    {
                        _fdt.PropertyString("enable-method", "psci");
                    }
                }
            }
        }
    }

    private void AddPsci()
    {
        using (_fdt.BeginNode("psci"))
        {
            _fdt.PropertyStringList("compatible", "arm,psci-1.0", "arm,psci-0.2", "arm,psci");
            _fdt.PropertyString("method", _machine.PsciConduit == PsciConduit.Hvc ? "hvc" : "smc");
        }
    }

    private void AddGic()
    {
        var gic = _machine.Gic;
        using (_fdt.BeginNode($"intc@{gic.DistributorBase.Value:x}"))
        {
            _fdt.PropertyU32("phandle", GicPhandle);
            _fdt.PropertyCells("reg", [.. RegCells(gic.DistributorBase, gic.DistributorSize), .. RegCells(gic.RedistributorBase, gic.RedistributorRegionSize)]);
            _fdt.PropertyU32("#redistributor-regions", 1);
            _fdt.PropertyString("compatible", "arm,gic-v3");
            _fdt.PropertyNull("ranges");
            _fdt.PropertyU32("#size-cells", 2);
            _fdt.PropertyU32("#address-cells", 2);
            _fdt.PropertyNull("interrupt-controller");
            _fdt.PropertyU32("#interrupt-cells", 3);
        }
    }

    private void AddTimer()
    {
        var timer = _machine.Timer;
        using (_fdt.BeginNode("timer"))
        {
            // Order fixed by the arm,arch_timer binding: secure phys, non-secure phys, virtual, hyp phys.
            _fdt.PropertyCells("interrupts", [
                .. GicInterruptCells.Ppi(timer.SecurePhysical, GicInterruptCells.LevelHigh),
                .. GicInterruptCells.Ppi(timer.NonSecurePhysical, GicInterruptCells.LevelHigh),
                .. GicInterruptCells.Ppi(timer.Virtual, GicInterruptCells.LevelHigh),
                .. GicInterruptCells.Ppi(timer.HypervisorPhysical, GicInterruptCells.LevelHigh)]);
            _fdt.PropertyNull("always-on");
            if (_machine.AArch32Cpus)
            {
                _fdt.PropertyString("compatible", "arm,armv7-timer");
            }
            else
            {
                _fdt.PropertyStringList("compatible", "arm,armv8-timer", "arm,armv7-timer");
            }
        }
    }

    /// <summary>INTID of the PMU overflow PPI when the machine description names none (PPI 7, Arm BSA; QEMU virt).</summary>
    public const uint DefaultPerformanceIntid = 23;

    /// <summary>The PMUv3 (Documentation/devicetree/bindings/perf/arm,pmu.yaml): its overflow PPI, level-high.</summary>
    private void AddPmu()
    {
        using (_fdt.BeginNode("pmu"))
        {
            _fdt.PropertyCells("interrupts", [.. GicInterruptCells.Ppi(_machine.Gic.PerformanceIntid ?? DefaultPerformanceIntid, GicInterruptCells.LevelHigh)]);
            _fdt.PropertyString("compatible", "arm,armv8-pmuv3");
        }
    }

    private void AddClock()
    {
        using (_fdt.BeginNode("apb-pclk"))
        {
            _fdt.PropertyU32("phandle", ClockPhandle);
            _fdt.PropertyString("clock-output-names", "clk24mhz");
            _fdt.PropertyU32("clock-frequency", ApbClockFrequency);
            _fdt.PropertyU32("#clock-cells", 0);
            _fdt.PropertyString("compatible", "fixed-clock");
        }
    }

    private void AddPl011()
    {
        var uart = _machine.Uart;
        using (_fdt.BeginNode($"pl011@{uart.Base.Value:x}"))
        {
            // The pl011 binding makes clocks optional, but Linux's amba-pl011 refuses to probe without them.
            _fdt.PropertyStringList("clock-names", "uartclk", "apb_pclk");
            _fdt.PropertyCells("clocks", ClockPhandle, ClockPhandle);
            _fdt.PropertyCells("interrupts", GicInterruptCells.Spi(uart.Spi, GicInterruptCells.LevelHigh));
            _fdt.PropertyCells("reg", RegCells(uart.Base, uart.Size));
            _fdt.PropertyStringList("compatible", "arm,pl011", "arm,primecell");
        }
    }

    /// <summary>QEMU virt's flash node (create_flash): one "cfi-flash" node for both banks (Documentation/devicetree/bindings/mtd/mtd-physmap.yaml).</summary>
    private void AddFlash()
    {
        if (_machine.Flash.Count == 0)
        {
            return;
        }

        using (_fdt.BeginNode($"flash@{_machine.Flash[0].Start.Value:x}"))
        {
            _fdt.PropertyU32("bank-width", _machine.FlashBankWidth);
            _fdt.PropertyCells("reg", _machine.Flash.SelectMany(bank => RegCells(bank.Start, bank.Length)).ToArray());
            _fdt.PropertyString("compatible", "cfi-flash");
        }
    }

    private void AddPl031()
    {
        var rtc = _machine.Rtc;
        using (_fdt.BeginNode($"pl031@{rtc.Base.Value:x}"))
        {
            _fdt.PropertyString("clock-names", "apb_pclk");
            _fdt.PropertyCells("clocks", ClockPhandle);
            _fdt.PropertyCells("interrupts", GicInterruptCells.Spi(rtc.Spi, GicInterruptCells.LevelHigh));
            _fdt.PropertyCells("reg", RegCells(rtc.Base, rtc.Size));
            _fdt.PropertyStringList("compatible", "arm,pl031", "arm,primecell");
        }
    }

    /// <summary>
    /// QEMU virt create_gpio_devices and create_gpio_keys: "pl061@9030000" (arm,pl061 / arm,primecell, a GPIO
    /// controller with two-cell specifiers: Documentation/devicetree/bindings/gpio/pl061-gpio.yaml) and a "gpio-keys"
    /// node whose "poweroff" key reports KEY_POWER from pin 3, active high (bindings/input/gpio-keys.yaml).
    /// </summary>
    private void AddGpioPowerButton()
    {
        if (_machine.Gpio is not { } gpio)
        {
            return;
        }

        using (_fdt.BeginNode($"pl061@{gpio.Base.Value:x}"))
        {
            _fdt.PropertyU32("phandle", GpioPhandle);
            _fdt.PropertyString("clock-names", "apb_pclk");
            _fdt.PropertyCells("clocks", ClockPhandle);
            _fdt.PropertyCells("interrupts", GicInterruptCells.Spi(gpio.Spi, GicInterruptCells.LevelHigh));
            _fdt.PropertyNull("gpio-controller");
            _fdt.PropertyU32("#gpio-cells", 2);
            _fdt.PropertyStringList("compatible", "arm,pl061", "arm,primecell");
            _fdt.PropertyCells("reg", RegCells(gpio.Base, gpio.Size));
        }

        using (_fdt.BeginNode("gpio-keys"))
        {
            _fdt.PropertyString("compatible", "gpio-keys");
            using (_fdt.BeginNode("poweroff"))
            {
                _fdt.PropertyCells("gpios", GpioPhandle, PowerButtonPin, 0);   // 0: GPIO_ACTIVE_HIGH
                _fdt.PropertyU32("linux,code", KeyPower);
                _fdt.PropertyString("label", "GPIO Key Poweroff");
            }
        }
    }

    /// <summary>QEMU virt create_fw_cfg: "fw-cfg@9020000", compatible "qemu,fw-cfg-mmio", dma-coherent.</summary>
    private void AddFwCfg()
    {
        if (_machine.FwCfg is not { } fwCfg)
        {
            return;
        }

        using (_fdt.BeginNode($"fw-cfg@{fwCfg.Start.Value:x}"))
        {
            _fdt.PropertyNull("dma-coherent");
            _fdt.PropertyCells("reg", RegCells(fwCfg.Start, fwCfg.Length));
            _fdt.PropertyString("compatible", "qemu,fw-cfg-mmio");
        }
    }

    private void AddVirtioMmio()
    {
        var virtio = _machine.VirtioMmio;
        for (var slot = 0; slot < virtio.Count; slot++)
        {
            using (_fdt.BeginNode($"virtio_mmio@{virtio.SlotBase(slot).Value:x}"))
            {
                _fdt.PropertyNull("dma-coherent");
                // QEMU create_virtio_devices: edge rising, one SPI per slot.
                _fdt.PropertyCells("interrupts", GicInterruptCells.Spi(virtio.SlotSpi(slot), GicInterruptCells.EdgeRising));
                _fdt.PropertyCells("reg", RegCells(virtio.SlotBase(slot), virtio.SlotSize));
                _fdt.PropertyString("compatible", "virtio,mmio");
            }
        }
    }

    /// <summary>
    /// The PRDA alias: an Armvisor node (no QEMU equivalent, no Linux driver, so an OS that does not know it ignores it).
    /// reg is the alias page; every CPU that reads it reaches its own page (docs/memory-map.md).
    /// </summary>
    private void AddPrivateDataArea()
    {
        if (_machine.PrivateDataArea is not { } prda)
        {
            return;
        }

        using (_fdt.BeginNode($"prda@{prda.Start.Value:x}"))
        {
            _fdt.PropertyCells("reg", RegCells(prda.Start, prda.Length));
            _fdt.PropertyString("compatible", "armvisor,prda");
        }
    }

    /// <summary>One reg entry with #address-cells = #size-cells = 2.</summary>
    private static uint[] RegCells(GuestPhysicalAddress address, ulong size) =>
        [(uint)(address.Value >> 32), (uint)address.Value, (uint)(size >> 32), (uint)size];
}
