using Armvisor.Core;
using Armvisor.Core.Interrupts;
using Armvisor.Devices;
using Armvisor.Engine;
using Armvisor.Firmware;
using Armvisor.Firmware.DeviceTree;
using Armvisor.Firmware.Efi;
using Armvisor.Firmware.Loading;
using Armvisor.Firmware.MpStartup;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Armvisor.Vmm;

/// <summary>
/// One virt-board machine built from a <see cref="MachineConfiguration"/>: RAM, the engine partition, the hypervisor
/// core's <see cref="Vm"/>, the GIC and devices on the MMIO bus, the loaded images and the device tree.
/// <see cref="Run"/> runs it to the end and says how the guest ended.
/// </summary>
public sealed partial class Machine : IDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _stopLock = new();
    private readonly ManualResetEventSlim _stopped = new(false);
    private GuestOutcome? _outcome;
    private string _outcomeReason = "";

    private Machine(MachineConfiguration configuration, GuestRam ram, Vm vm, GicV3InterruptController interrupts,
        MmioBus bus, ILoggerFactory loggerFactory)
    {
        Configuration = configuration;
        Ram = ram;
        Vm = vm;
        Interrupts = interrupts;
        Bus = bus;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Armvisor.Machine");
        vm.WatchdogExpired += OnWatchdogExpired;
    }

    public MachineConfiguration Configuration { get; }

    public GuestRam Ram { get; }

    public Vm Vm { get; }

    public GicV3InterruptController Interrupts { get; }

    public MmioBus Bus { get; }

    /// <summary>Where the loaders put everything, and the boot CPU's entry state.</summary>
    public BootPlan Boot { get; private set; } = null!;

    /// <summary>The device tree handed to the guest (generated or the user's, with /chosen completed).</summary>
    public byte[] DeviceTree { get; private set; } = [];

    /// <summary>What the ACPI boot path put in guest memory (mailboxes, rewritten tables, EFI blocks); null with a device tree.</summary>
    public AcpiBootImage? AcpiBoot { get; private set; }

    /// <summary>MMIO exits each vCPU's thread handled in the last <see cref="Run"/>, by vCPU index (the run summary).</summary>
    public IReadOnlyList<long> MmioExitsByVcpu { get; private set; } = [];

    /// <summary>Why the run ended, once it has.</summary>
    public string OutcomeReason => _outcomeReason;

    /// <summary>Builds the machine; <paramref name="serial"/> replaces the configured serial back end (tests capture the console with it). Configuration and input errors throw <see cref="MachineConfigurationException"/> or a firmware exception with a one-line message.</summary>
    public static Machine Create(MachineConfiguration configuration, Func<PartitionOptions, IEnginePartition> engineFactory,
        Devices.Serial.ISerialBackend? serial = null, ILoggerFactory? loggerFactory = null,
        Core.Semihosting.ISemihostingConsole? semihostingConsole = null) =>
        Build(configuration, engineFactory, serial, loggerFactory, loadImages: true, semihostingConsole);

    /// <summary>Builds the machine; without <paramref name="loadImages"/> RAM stays empty (a snapshot fills it).</summary>
    private static Machine Build(MachineConfiguration configuration, Func<PartitionOptions, IEnginePartition> engineFactory,
        Devices.Serial.ISerialBackend? serial, ILoggerFactory? loggerFactory, bool loadImages,
        Core.Semihosting.ISemihostingConsole? semihostingConsole = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(engineFactory);
        configuration.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;

        var ram = new GuestRam(MachineLayout.RamBase, configuration.MemoryBytes);
        IEnginePartition? partition = null;
        try
        {
            var options = new PartitionOptions(
                HasEl2: configuration.HasEl2, HasEl3: configuration.HasEl3, Deterministic: configuration.Deterministic,
                Semihosting: configuration.Semihosting, Tier: configuration.EngineTier);
            if (EffectiveCpu(configuration) == CpuModel.CortexA15)
            {
                options = options with { Midr = CortexA15Midr, AArch32El1 = true };
            }

            partition = engineFactory(options);
            partition.MapRam(ram, Stage2Permissions.All);

            ulong[] mpidrs = Enumerable.Range(0, configuration.Cpus).Select(VmConfiguration.MpidrOf).ToArray();
            var interrupts = new GicV3InterruptController(mpidrs, MachineLayout.SpiCount,
                MachineLayout.VirtualTimerPpi, MachineLayout.PhysicalTimerPpi, loggerFactory.CreateLogger("Armvisor.Gic"));
            interrupts.PseudoNmiIntid = configuration.PseudoNmiIntid;
            var wfePolicy = new Core.WfeChannel.WfeChannelPolicy(
                Enabled: configuration.WfeChannel, AllowEl0Detect: configuration.WfeChannelEl0Detect, MonitorTrapsWfe: configuration.MonitorTrapsWfe);
            Core.Prda.PrdaConfiguration? prda = configuration.PrivateDataArea
                ? new Core.Prda.PrdaConfiguration(MachineLayout.PrivateDataArea.Start.Value, configuration.PrivateDataAreaExecutable)
                : null;
            var vm = new Vm(new VmConfiguration(configuration.Cpus, configuration.HasEl2, configuration.HasEl3, configuration.Deterministic, wfePolicy, prda,
                    El1AArch32: EffectiveCpu(configuration) == CpuModel.CortexA15, ShadowPaging: ShadowPagingOf(configuration)),
                partition, interrupts, loggerFactory, ram);
            var bus = new MmioBus();
            if (configuration.Semihosting)
            {
                vm.Semihosting = new Core.Semihosting.SemihostingService(semihostingConsole ?? new StandardSemihostingConsole(),
                    configuration.SemihostingRoot is { } root ? new Core.Semihosting.SemihostingSandbox(root) : null,
                    loggerFactory.CreateLogger("Armvisor.Semihosting"));
            }

            var machine = new Machine(configuration, ram, vm, interrupts, bus, loggerFactory);
            if (configuration.GdbEndpoint is not null)
            {
                machine.DebugController = new Gdb.MachineDebugController(vm.Vcpus, configuration.WaitForGdb)
                {
                    Kill = () => machine.Stop(GuestOutcome.UserQuit, "killed by gdb"),
                };
            }

            machine.AttachDevices(serial, startSerialInput: loadImages);
            if (loadImages)
            {
                machine.LoadImages();
            }

            return machine;
        }
        catch
        {
            partition?.Dispose();
            ram.Dispose();
            throw;
        }
    }

    /// <summary>Runs every vCPU on its own thread until the guest powers off or resets, the timeout expires, or <see cref="Stop"/>.</summary>
    public GuestOutcome Run(CancellationToken cancellationToken = default)
    {
        if (Configuration.HostThreads is { } hostThreads)
        {
            // M:N scheduling (--host-threads): its own run loop, which powers the boot CPU on itself.
            return RunScheduled(hostThreads, cancellationToken);
        }

        if (!Restored)
        {
            Vm.Vcpus[0].PowerOnAt(Boot.EntryPoint.Value, Boot.X0);
            StartParkedSecondaries();
        }

        var runners = Vm.Vcpus
            .Select(v => new VcpuRunner(v, Bus, Stop, _loggerFactory.CreateLogger("Armvisor.Vcpu"), _pauseGate, StopWithStatus, DebugController))
            .ToArray();
        _runners = runners;
        MarkStarted();
        foreach (VcpuRunner runner in runners)
        {
            runner.Start();
        }

        using CancellationTokenRegistration registration = cancellationToken.Register(() => Stop(GuestOutcome.UserQuit, "interrupted"));
        TimeSpan timeout = Configuration.Timeout ?? Timeout.InfiniteTimeSpan;
        if (!_stopped.Wait(timeout))
        {
            Stop(GuestOutcome.Timeout, $"timeout after {timeout.TotalSeconds} s");
        }

        DebugController?.Shutdown();
        foreach (VcpuRunner runner in runners)
        {
            runner.RequestStop();
        }

        foreach (VcpuRunner runner in runners)
        {
            if (!runner.Join(TimeSpan.FromSeconds(5)))
            {
                _logger.LogWarning("A vCPU thread did not stop within 5 s");
            }
        }

        MmioExitsByVcpu = runners.Select(r => r.MmioExits).ToArray();
        _logger.LogInformation("Guest ended: {Outcome} ({Reason})", _outcome, _outcomeReason);
        return _outcome!.Value;
    }

    /// <summary>The all-stop control the GDB stub drives (with <see cref="MachineConfiguration.GdbEndpoint"/>); null otherwise.</summary>
    public Gdb.MachineDebugController? DebugController { get; private set; }

    /// <summary>The guest's own exit status (semihosting SYS_EXIT) when the outcome is <see cref="GuestOutcome.GuestExitStatus"/>.</summary>
    public int? GuestExitStatus { get; private set; }

    /// <summary>Ends the run with <paramref name="outcome"/> (any thread; the first caller wins).</summary>
    public void Stop(GuestOutcome outcome, string reason) => Stop(outcome, reason, null);

    /// <summary>The guest ended the run with exit status <paramref name="status"/>.</summary>
    public void StopWithStatus(int status, string reason) => Stop(GuestOutcome.GuestExitStatus, reason, status);

    private void Stop(GuestOutcome outcome, string reason, int? status)
    {
        lock (_stopLock)
        {
            if (_outcome is not null)
            {
                return;
            }

            _outcome = outcome;
            _outcomeReason = reason;
            GuestExitStatus = status;
        }

        Vm.RequestExitAll();
        MarkEnded(outcome, reason);
        _stopped.Set();
    }

    public void Dispose()
    {
        DisposeDevices();
        Vm.Semihosting?.Dispose();
        Vm.Dispose();
        DisposeFlashStorage();
        Ram.Dispose();
        _stopped.Dispose();
    }

    /// <summary>MIDR of a Cortex-A15 r4p0, as QEMU 7.2's <c>-cpu cortex-a15</c> reports it (Linux prints "ARMv7 Processor [414fc0f0]").</summary>
    private const ulong CortexA15Midr = 0x414F_C0F0;

    /// <summary>The configured CPU, or the one the kernel needs: an ELF32 Arm program or a 32-bit zImage is an AArch32 (Cortex-A15) guest.</summary>
    public static CpuModel EffectiveCpu(MachineConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Cpu is { } cpu)
        {
            return cpu;
        }

        if (configuration.KernelPath is { } path && File.Exists(path))
        {
            using FileStream stream = File.OpenRead(path);
            Span<byte> header = stackalloc byte[52];
            int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (ElfLoader.IsArm32Executable(header[..read]) || ZImageLoader.IsZImage(header[..read]))
            {
                return CpuModel.CortexA15;
            }
        }

        return CpuModel.CortexA72;
    }

    private void LoadImages()
    {
        var layout = new BootLayout(Ram.Range);
        MachineConfiguration c = Configuration;
        foreach (LoaderConfiguration loader in c.Loaders)
        {
            RawLoader.Load(Ram, layout, BootFile.Read(loader.Path, "loader file"), new GuestPhysicalAddress(loader.Address), loader.Path);
        }

        if (c.BootsFromFirmware)
        {
            PlaceFirmwareBoot(layout);
            return;
        }

        if (c.KernelPath is null)
        {
            // Like QEMU's generic loader with cpu-num: the boot CPU starts at the first loaded file. The device tree
            // is still built (and a user's checked) so that dump-dtb describes this machine.
            DeviceTree = BuildDeviceTree(initrd: null);
            ulong entry = c.Loaders[0].Address;
            Boot = new BootPlan(new GuestPhysicalAddress(entry), 0, layout.Components.ToArray());
            return;
        }

        byte[] kernel = BootFile.Read(c.KernelPath, "kernel");
        byte[] initrd = c.InitrdPath is null ? [] : BootFile.Read(c.InitrdPath, "initrd");
        if (kernel.AsSpan().StartsWith("\u007FELF"u8))
        {
            // A bare-metal ELF: its segments decide placement; the DTB goes where RAM is free, its address in X0.
            BootPlan elf = ElfLoader.Load(Ram, layout, kernel, c.KernelPath);
            DeviceTree = BuildDeviceTree(initrd: null);
            // Placed in the last free 2 MiB-aligned slot of RAM, not right after the ELF's file image: a bare-metal
            // program's .bss, stacks and page tables usually follow its last loaded segment.
            GuestPhysicalAddress dtbAddress = FindHighDeviceTreeSlot(layout, (ulong)DeviceTree.Length);
            layout.Place(Arm64ImageLoader.DeviceTreeName, new AddressRange(dtbAddress, (ulong)DeviceTree.Length));
            Ram.Write(dtbAddress, DeviceTree);
            Boot = elf with { X0 = dtbAddress.Value, Components = layout.Components.ToArray() };
            return;
        }

        if (ZImageLoader.IsZImage(kernel))
        {
            // A 32-bit Arm Linux zImage: QEMU's placement for a 32-bit CPU, r2 = DTB (booting.rst for arm).
            Boot = ZImageLoader.Load(Ram, layout, kernel, c.KernelPath, initrd, c.InitrdPath is not null, range =>
            {
                DeviceTree = BuildDeviceTree(range);
                return DeviceTree;
            });
            return;
        }

        Arm64Image image = Arm64ImageLoader.DecodeKernel(kernel, c.KernelPath, Ram.Range.Length);
        Func<AddressRange?, byte[]> buildDeviceTree = BuildDeviceTree;
        if (c.FirmwareTables == FirmwareTables.Acpi)
        {
            AcpiBootImage acpi = PlaceAcpiFirmware(layout);
            buildDeviceTree = range => acpi.BuildDeviceTree(c.Append, range);
        }

        Boot = Arm64ImageLoader.Load(Ram, layout, image, initrd, c.InitrdPath is not null, range =>
        {
            DeviceTree = buildDeviceTree(range);
            return DeviceTree;
        });
    }

    /// <summary>
    /// The ACPI boot path (issue 7; linux-platform.md §4.3): ACPI tables, EFI system table and memory map in a firmware
    /// region at the top of RAM, the MADT/FADT rewritten by the MP start-up module so that the OS sees only the parking
    /// protocol. The secondaries are started into their mailboxes by <see cref="Run"/> (<c>StartParkedSecondaries</c>).
    /// </summary>
    private AcpiBootImage PlaceAcpiFirmware(BootLayout layout)
    {
        MachineDescription description = Describe(Configuration);
        ulong size = AcpiBootFirmware.RegionSize(description);
        var region = new AddressRange(new GuestPhysicalAddress((Ram.Range.End.Value - size) & ~0xFFFUL), 0);
        region = region with { Length = Ram.Range.End.Value - region.Start.Value };
        layout.Place("ACPI firmware", region);
        AcpiBootImage acpi = AcpiBootFirmware.Build(description, region, PlatformReleases(description));
        acpi.WriteTo(Ram);
        AcpiBoot = acpi;
        _logger.LogInformation("ACPI firmware at {Region}: {Count} secondaries to park", region, acpi.MpStartup.Secondaries.Count(s => s.NeedsStart));
        return acpi;
    }

    private GuestPhysicalAddress FindHighDeviceTreeSlot(BootLayout layout, ulong length)
    {
        const ulong slot = 2UL << 20;
        for (ulong start = (Ram.Range.End.Value - slot) & ~(slot - 1); start >= Ram.Range.Start.Value; start -= slot)
        {
            var candidate = new AddressRange(new GuestPhysicalAddress(start), length);
            if (layout.IsFree(candidate))
            {
                return candidate.Start;
            }
        }

        throw new MachineConfigurationException("no free RAM left for the device tree");
    }

    /// <summary>The generated device tree for this machine, or the user's with /chosen completed.</summary>
    public byte[] BuildDeviceTree(AddressRange? initrd)
    {
        if (Configuration.DtbPath is { } path)
        {
            return DeviceTreePatcher.PatchChosen(BootFile.Read(path, "device tree"), Configuration.Append, initrd);
        }

        return DeviceTreeBuilder.Build(Describe(Configuration) with { Initrd = initrd, RngSeed = BootRandomness(Configuration) });
    }

    /// <summary>
    /// The 32 bytes of /chosen rng-seed a boot gets, as QEMU virt gives them (hw/arm/virt.c): fresh host randomness,
    /// or with --deterministic a fixed value so that two runs stay identical. Without it an emulated Linux has no
    /// entropy source it trusts and the first getrandom() (any Python program) waits minutes for jitter entropy.
    /// dump-dtb leaves it out (the seed is per boot).
    /// </summary>
    public static byte[] BootRandomness(MachineConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.Deterministic
            ? System.Security.Cryptography.SHA256.HashData("armvisor --deterministic rng-seed"u8)
            : System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    }

    /// <summary>The firmware's description of a machine with this configuration, derived from <see cref="MachineLayout"/>.</summary>
    public static MachineDescription Describe(MachineConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new MachineDescription
        {
            CpuMpidrs = Enumerable.Range(0, configuration.Cpus)
                .Select(i => VmConfiguration.MpidrOf(i) & MachineDescription.MpidrAffinityMask).ToArray(),
            Memory = [new AddressRange(MachineLayout.RamBase, configuration.MemoryBytes)],
            Gic = new GicDescription(MachineLayout.GicDistributor.Start, MachineLayout.GicDistributor.Length,
                MachineLayout.GicRedistributorBase, MachineLayout.GicRedistributorRegionSize),
            Uart = new MmioDeviceDescription(MachineLayout.Uart.Start, MachineLayout.Uart.Length, MachineLayout.UartSpi),
            Rtc = new MmioDeviceDescription(MachineLayout.Rtc.Start, MachineLayout.Rtc.Length, MachineLayout.RtcSpi),
            Gpio = new MmioDeviceDescription(MachineLayout.Gpio.Start, MachineLayout.Gpio.Length, MachineLayout.GpioSpi),
            VirtioMmio = new VirtioMmioDescription(MachineLayout.VirtioBase, MachineLayout.VirtioStride,
                MachineLayout.VirtioSlotCount, MachineLayout.FirstVirtioSpi),
            Flash = FlashBankSource.Assign(configuration.BiosPath, configuration.Pflash).Any(s => s is not null)
                ? Enumerable.Range(0, FlashBankSource.BankCount).Select(MachineLayout.FlashBank).ToArray()
                : [],
            FwCfg = configuration.BootsFromFirmware ? MachineLayout.FwCfg : null,
            PsciConduit = configuration.HasEl2 || !configuration.HasEl3 ? PsciConduit.Hvc : PsciConduit.Smc,
            BootArgs = configuration.Append,
            PrivateDataArea = configuration.PrivateDataArea ? MachineLayout.PrivateDataArea : null,
            AArch32Cpus = EffectiveCpu(configuration) == CpuModel.CortexA15,
        };
    }

    /// <summary>
    /// The shadow pager's configuration: each vCPU's 2 MiB pool right after guest RAM (1 MiB aligned, outside the RAM the
    /// DTB describes, below 4 GB so a shadow TTBR can hold it). Refused for AArch64 guests and SMP (this session's scope).
    /// </summary>
    private static Core.ShadowPaging.ShadowPagingConfiguration? ShadowPagingOf(MachineConfiguration configuration)
    {
        if (configuration.DacrVirtualization == Core.ShadowPaging.DacrVirtualizationMode.Off)
        {
            return null;
        }

        if (EffectiveCpu(configuration) != CpuModel.CortexA15)
        {
            throw new MachineConfigurationException("--dacr-virtualization needs an AArch32 guest (--cpu cortex-a15 or an ELF32 kernel)");
        }

        if (configuration.Cpus != 1)
        {
            throw new MachineConfigurationException("--dacr-virtualization supports one vCPU (--cpus 1) for now");
        }

        ulong poolBase = (MachineLayout.RamBase.Value + configuration.MemoryBytes + 0xF_FFFF) & ~0xF_FFFFUL;
        if (poolBase + Core.ShadowPaging.ShadowPagingConfiguration.PoolSizePerVcpu > 0xFFB0_0000)
        {
            throw new MachineConfigurationException("--dacr-virtualization needs guest RAM ending below 0xFFA00000 (the shadow tables follow it)");
        }

        return new Core.ShadowPaging.ShadowPagingConfiguration(configuration.DacrVirtualization, poolBase);
    }
}
