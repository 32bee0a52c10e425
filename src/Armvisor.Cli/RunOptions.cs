using System.CommandLine;
using System.Globalization;
using Armvisor.Vmm;

namespace Armvisor.Cli;

/// <summary>The options shared by <c>run</c> and <c>dump-dtb</c>, and their translation into a <see cref="MachineConfiguration"/>.</summary>
internal sealed class RunOptions
{
    public Option<FileInfo?> Config { get; } = new("--config") { Description = "Machine configuration file (JSON); command-line options override it" };

    public Option<string?> Kernel { get; } = new("--kernel", "-kernel") { Description = "Linux arm64 Image (plain or gzip) or an ELF bare-metal program" };

    public Option<string?> Initrd { get; } = new("--initrd", "-initrd") { Description = "Initial ramdisk" };

    public Option<string?> Append { get; } = new("--append", "-append") { Description = "Kernel command line" };

    public Option<string?> Dtb { get; } = new("--dtb", "-dtb") { Description = "Use this device tree blob instead of the generated one" };

    public Option<int?> Cpus { get; } = new("--cpus", "-smp") { Description = "Number of vCPUs (1-8)" };

    public Option<string?> Cpu { get; } = new("--cpu", "-cpu") { Description = "cortex-a72 (AArch64, default) or cortex-a15 (AArch32 EL1; the default for an ELF32 Arm kernel)" };

    public Option<string?> Memory { get; } = new("--memory", "-m") { Description = "Guest RAM, e.g. 512M or 1G (default 512M)" };

    public Option<string[]> Drives { get; } = new("--drive") { Description = "virtio-blk drive: file=PATH[,readonly] (repeatable)", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> Netdevs { get; } = new("--netdev") { Description = "virtio-net NIC: user[,hostfwd=tcp::HOSTPORT-:GUESTPORT][,hostloopback=on][,mac=MAC] or tap,ifname=NAME[,mac=MAC] (repeatable)" };

    public Option<string[]> Loaders { get; } = new("--loader") { Description = "Copy a file into guest memory: file=PATH,addr=ADDRESS (repeatable)" };

    public Option<string?> Bios { get; } = new("--bios", "-bios") { Description = "Firmware image for flash bank 0 (EDK2's QEMU_EFI.fd, U-Boot's u-boot.bin); the guest boots it" };

    public Option<string[]> Pflash { get; } = new("--pflash", "-pflash") { Description = "Flash bank from a file: FILE[,readonly][,unit=0|1] (unit 1: the EFI variable store, written back)", AllowMultipleArgumentsPerToken = false };

    public Option<string?> Serial { get; } = new("--serial") { Description = "stdio (default), none, file:PATH or tcp:PORT" };

    public Option<bool> Deterministic { get; } = new("--deterministic") { Description = "Time advances with executed instructions (repeatable runs)" };

    public Option<string?> EngineTier { get; } = new("--engine-tier") { Description = "CPU engine tier: native (x86-64 translation, default), compiled or interpreter" };

    public Option<string[]> Trace { get; } = new("--trace") { Description = "Trace categories on stderr: exits, mmio, psci, gic, wfe (repeatable)" };

    public Option<string?> FirmwareTables { get; } = new("--firmware-tables") { Description = "dt (default) or acpi" };

    public Option<string?> SecondaryStart { get; } = new("--secondary-start") { Description = "With --firmware-tables acpi: how the platform starts secondaries before they are parked: psci (default) or platform (the CPU release controller)" };

    public Option<bool> NoEl2 { get; } = new("--no-el2") { Description = "Run without the EL2 hypervisor agent (HVC is UNDEFINED)" };

    public Option<bool> NoEl3 { get; } = new("--no-el3") { Description = "Run without the EL3 secure monitor (SMC is UNDEFINED)" };

    public Option<string?> WfeChannel { get; } = new("--wfe-channel") { Description = "on (default), off, or el0 (also answer DETECT from EL0)" };

    public Option<bool> MonitorTrapsWfe { get; } = new("--monitor-traps-wfe") { Description = "The secure monitor traps WFE and answers the WFE channel" };

    public Option<int?> PseudoNmi { get; } = new("--pseudo-nmi") { Description = "INTID the hypervisor raises as the guest's pseudo-NMI (watchdog, Ctrl-A n)" };

    public Option<string?> DacrVirtualization { get; } = new("--dacr-virtualization") { Description = "AArch32 guests: shadow page tables for the DACR (off (default), shadow, swizzle, domain-track, flush)" };

    public Option<string?> Prda { get; } = new("--prda") { Description = "Per-vCPU private data area alias at 0x090C0000: on (default), off, or exec (also executable)" };

    public Option<int?> HostThreads { get; } = new("--host-threads") { Description = "Run the vCPUs on M host threads with the M:N scheduler (default: one per vCPU)" };

    public Option<double?> TimeSlice { get; } = new("--time-slice") { Description = "M:N scheduler time slice in ms (default 4)" };

    public Option<string?> PreemptDeferral { get; } = new("--preempt-deferral") { Description = "on (default) or off: defer a switch while the guest's PRDA says non-preemptible" };

    public Option<double?> PreemptGrace { get; } = new("--preempt-grace") { Description = "Longest deferral in ms before a non-preemptible vCPU is preempted anyway (default 2)" };

    public Option<string?> ExitOn { get; } = new("--exit-on") { Description = "End the run (exit code 0) when the guest's console prints this text" };

    public Option<double?> Timeout { get; } = new("--timeout") { Description = "Stop the guest after this many seconds (exit code 5)" };

    public Option<bool> NoReboot { get; } = new("--no-reboot") { Description = "Exit on guest reset instead of rebooting (exit code 3)" };

    public Option<string?> Gdb { get; } = new("--gdb", "-gdb") { Description = "GDB remote stub on tcp:[HOST:]PORT (port 0 picks one, printed on stderr)" };

    public Option<bool> GdbDefault { get; } = new("-s") { Description = "Shorthand for --gdb tcp::1234" };

    public Option<bool> WaitForGdb { get; } = new("--wait-for-gdb") { Description = "Do not start the vCPUs until gdb continues (-S does the same when --gdb is given)" };

    public Option<bool> Semihosting { get; } = new("--semihosting", "-semihosting") { Description = "Answer semihosting calls (HLT #0xF000): console, SYS_EXIT status, files under --semihosting-root" };

    public Option<string?> SemihostingRoot { get; } = new("--semihosting-root") { Description = "The only host directory semihosting SYS_OPEN may reach" };

    public Option<string?> Qmp { get; } = new("--qmp", "-qmp") { Description = "QMP control socket: unix:PATH,server[,wait=off] (without wait=off the guest waits for a client)" };

    public Option<string?> Api { get; } = new("--api") { Description = "Control API socket, the same QMP protocol: unix:PATH (never waits)" };

    public Option<string?> Restore { get; } = new("--restore") { Description = "Continue the machine saved in this snapshot file instead of booting" };

    public Option<bool> StartPaused { get; } = new("--start-paused", "-S") { Description = "Start with the vCPUs paused: until gdb continues with --gdb, else until the control API's cont" };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Qmp, Api, Restore, StartPaused, Config, Kernel, Initrd, Append, Dtb, Cpus, Cpu, Memory, Drives, Netdevs, Loaders, Bios, Pflash, Serial, Deterministic, EngineTier, Trace, FirmwareTables, SecondaryStart, NoEl2, NoEl3, WfeChannel, MonitorTrapsWfe, PseudoNmi, Prda, DacrVirtualization, HostThreads, TimeSlice, PreemptDeferral, PreemptGrace, ExitOn, Timeout, NoReboot, Gdb, GdbDefault, WaitForGdb, Semihosting, SemihostingRoot })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The configuration the parsed options describe (configuration file first, options on top).</summary>
    public MachineConfiguration ToConfiguration(ParseResult result)
    {
        MachineConfiguration config = result.GetValue(Config) is { } file
            ? MachineConfigurationFile.Load(file.FullName)
            : new MachineConfiguration();

        string? memory = result.GetValue(Memory);
        string? serial = result.GetValue(Serial);
        string? tables = result.GetValue(FirmwareTables);
        string? secondaryStart = result.GetValue(SecondaryStart);
        string[] drives = result.GetValue(Drives) ?? [];
        string[] loaders = result.GetValue(Loaders) ?? [];
        string[] pflash = result.GetValue(Pflash) ?? [];
        string[] netdevs = result.GetValue(Netdevs) ?? [];
        string[] trace = result.GetValue(Trace) ?? [];
        double? timeout = result.GetValue(Timeout);
        string? wfe = result.GetValue(WfeChannel);
        if (wfe is not (null or "on" or "off" or "el0"))
        {
            throw new MachineConfigurationException($"bad --wfe-channel '{wfe}': expected on, off or el0");
        }
        string? prda = result.GetValue(Prda);
        if (prda is not (null or "on" or "off" or "exec"))
        {
            throw new MachineConfigurationException($"bad --prda '{prda}': expected on, off or exec");
        }

        string? dacr = result.GetValue(DacrVirtualization);
        Core.ShadowPaging.DacrVirtualizationMode? dacrMode = dacr switch
        {
            null => null,
            "off" => Core.ShadowPaging.DacrVirtualizationMode.Off,
            "shadow" => Core.ShadowPaging.DacrVirtualizationMode.Shadow,
            "swizzle" => Core.ShadowPaging.DacrVirtualizationMode.Swizzle,
            "domain-track" => Core.ShadowPaging.DacrVirtualizationMode.DomainTrack,
            "flush" => Core.ShadowPaging.DacrVirtualizationMode.Flush,
            _ => throw new MachineConfigurationException($"bad --dacr-virtualization '{dacr}': expected off, shadow, swizzle, domain-track or flush"),
        };

        string? deferral = result.GetValue(PreemptDeferral);
        if (deferral is not (null or "on" or "off"))
        {
            throw new MachineConfigurationException($"bad --preempt-deferral '{deferral}': expected on or off");
        }

        double? slice = result.GetValue(TimeSlice);
        double? grace = result.GetValue(PreemptGrace);

        string? cpu = result.GetValue(Cpu);
        CpuModel? cpuModel = cpu switch
        {
            null => config.Cpu,
            "cortex-a72" => CpuModel.CortexA72,
            "cortex-a15" => CpuModel.CortexA15,
            _ => throw new MachineConfigurationException($"bad --cpu '{cpu}': expected cortex-a72 or cortex-a15"),
        };
        return config with
        {
            Cpu = cpuModel,
            KernelPath = result.GetValue(Kernel) ?? config.KernelPath,
            InitrdPath = result.GetValue(Initrd) ?? config.InitrdPath,
            Append = result.GetValue(Append) ?? config.Append,
            DtbPath = result.GetValue(Dtb) ?? config.DtbPath,
            Cpus = result.GetValue(Cpus) ?? config.Cpus,
            MemoryBytes = memory is null ? config.MemoryBytes : SizeParser.Parse(memory, "--memory"),
            Drives = drives.Length == 0 ? config.Drives : drives.Select(DriveConfiguration.Parse).ToArray(),
            Networks = netdevs.Length == 0 ? config.Networks : netdevs.Select(Vmm.Network.NetworkConfiguration.Parse).ToArray(),
            Loaders = loaders.Length == 0 ? config.Loaders : loaders.Select(ParseLoader).ToArray(),
            BiosPath = result.GetValue(Bios) ?? config.BiosPath,
            Pflash = pflash.Length == 0 ? config.Pflash : pflash.Select(PflashConfiguration.Parse).ToArray(),
            Serial = serial is null ? config.Serial : SerialConfiguration.Parse(serial),
            Deterministic = result.GetValue(Deterministic) || config.Deterministic,
            EngineTier = result.GetValue(EngineTier) is { } tier ? ParseEngineTier(tier) : config.EngineTier,
            Trace = trace.Length == 0 ? config.Trace : trace.SelectMany(t => t.Split(',')).ToArray(),
            FirmwareTables = tables is null ? config.FirmwareTables : MachineConfigurationFile.ParseFirmwareTables(tables),
            SecondaryStart = secondaryStart is null ? config.SecondaryStart : MachineConfigurationFile.ParseSecondaryStart(secondaryStart),
            HasEl2 = !result.GetValue(NoEl2) && config.HasEl2,
            HasEl3 = !result.GetValue(NoEl3) && config.HasEl3,
            Timeout = timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : config.Timeout,
            NoReboot = result.GetValue(NoReboot) || config.NoReboot,
            WfeChannel = wfe is null ? config.WfeChannel : wfe != "off",
            WfeChannelEl0Detect = wfe is null ? config.WfeChannelEl0Detect : wfe == "el0",
            MonitorTrapsWfe = result.GetValue(MonitorTrapsWfe) || config.MonitorTrapsWfe,
            PseudoNmiIntid = result.GetValue(PseudoNmi) ?? config.PseudoNmiIntid,
            ExitOnOutput = result.GetValue(ExitOn) ?? config.ExitOnOutput,
            HostThreads = result.GetValue(HostThreads) ?? config.HostThreads,
            TimeSlice = slice is { } s ? TimeSpan.FromMilliseconds(s) : config.TimeSlice,
            PreemptGrace = grace is { } g ? TimeSpan.FromMilliseconds(g) : config.PreemptGrace,
            PreemptionDeferral = deferral is null ? config.PreemptionDeferral : deferral == "on",
            DacrVirtualization = dacrMode ?? config.DacrVirtualization,
            PrivateDataArea = prda is null ? config.PrivateDataArea : prda != "off",
            PrivateDataAreaExecutable = prda is null ? config.PrivateDataAreaExecutable : prda == "exec",
            GdbEndpoint = result.GetValue(Gdb) ?? (result.GetValue(GdbDefault) ? Vmm.Gdb.GdbEndpoint.Default : config.GdbEndpoint),
            // -S, as QEMU's: the vCPUs wait for gdb's continue when there is a stub, else for the control API's cont.
            WaitForGdb = result.GetValue(WaitForGdb) || config.WaitForGdb || (result.GetValue(StartPaused) && HasGdb(result, config)),
            Semihosting = result.GetValue(Semihosting) || config.Semihosting,
            SemihostingRoot = result.GetValue(SemihostingRoot) ?? config.SemihostingRoot,
        };
    }

    private static Engine.EngineTier ParseEngineTier(string tier) => tier switch
    {
        "compiled" => Engine.EngineTier.Compiled,
        "native" => Engine.EngineTier.Native,
        "interpreter" => Engine.EngineTier.Interpreter,
        _ => throw new MachineConfigurationException($"bad --engine-tier '{tier}': expected compiled, native or interpreter"),
    };

    /// <summary>The control options (--qmp/--api, --restore, --start-paused).</summary>
    public Vmm.Control.ControlOptions ToControlOptions(ParseResult result)
    {
        string? qmp = result.GetValue(Qmp);
        string? api = result.GetValue(Api);
        if (qmp is not null && api is not null)
        {
            throw new MachineConfigurationException("--qmp and --api serve the same protocol: give one of them");
        }

        (string Path, bool Wait)? socket = qmp is not null ? Vmm.Control.ControlOptions.ParseSocket(qmp, "--qmp")
            : api is not null ? Vmm.Control.ControlOptions.ParseSocket(api, "--api") : null;
        return new Vmm.Control.ControlOptions(socket?.Path, socket?.Wait ?? false, result.GetValue(Restore),
            result.GetValue(StartPaused) && !HasGdb(result, null));
    }

    private bool HasGdb(ParseResult result, MachineConfiguration? config) =>
        result.GetValue(Gdb) is not null || result.GetValue(GdbDefault) || config?.GdbEndpoint is not null;

    /// <summary>
    /// With --restore the machine comes from the snapshot: options that describe the machine are refused; the host-side
    /// ones (serial back end, timeout, --no-reboot, --exit-on, trace) apply to the restored machine.
    /// </summary>
    public Func<MachineConfiguration, MachineConfiguration> RestoreAdjustment(ParseResult result)
    {
        foreach (Option option in new Option[] { Config, Kernel, Initrd, Append, Dtb, Cpus, Memory, Drives, Loaders, Deterministic, FirmwareTables, SecondaryStart, NoEl2, NoEl3, WfeChannel, MonitorTrapsWfe, PseudoNmi })
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                throw new MachineConfigurationException($"--restore takes the machine from the snapshot; {option.Name} cannot be combined with it");
            }
        }

        string? serial = result.GetValue(Serial);
        string[] trace = result.GetValue(Trace) ?? [];
        double? timeout = result.GetValue(Timeout);
        string? exitOn = result.GetValue(ExitOn);
        bool noReboot = result.GetValue(NoReboot);
        SerialConfiguration? serialConfiguration = serial is null ? null : SerialConfiguration.Parse(serial);
        return saved => saved with
        {
            Serial = serialConfiguration ?? saved.Serial,
            Trace = trace.Length == 0 ? saved.Trace : trace.SelectMany(t => t.Split(',')).ToArray(),
            Timeout = timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            ExitOnOutput = exitOn,
            NoReboot = noReboot || saved.NoReboot,
        };
    }

    private static LoaderConfiguration ParseLoader(string text)
    {
        string? path = null;
        ulong? address = null;
        foreach (string part in text.Split(','))
        {
            if (part.StartsWith("file=", StringComparison.Ordinal))
            {
                path = part[5..];
            }
            else if (part.StartsWith("addr=", StringComparison.Ordinal))
            {
                string a = part[5..];
                bool hex = a.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
                if (ulong.TryParse(hex ? a[2..] : a, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
                {
                    address = value;
                }
            }
        }

        return path is null || address is null
            ? throw new MachineConfigurationException($"bad --loader '{text}': expected file=PATH,addr=ADDRESS")
            : new LoaderConfiguration(path, address.Value);
    }
}
