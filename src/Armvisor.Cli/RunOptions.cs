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

    public Option<string?> Memory { get; } = new("--memory", "-m") { Description = "Guest RAM, e.g. 512M or 1G (default 512M)" };

    public Option<string[]> Drives { get; } = new("--drive") { Description = "virtio-blk drive: file=PATH[,readonly] (repeatable)", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> Netdevs { get; } = new("--netdev") { Description = "virtio-net NIC: user[,hostfwd=tcp::HOSTPORT-:GUESTPORT][,hostloopback=on][,mac=MAC] or tap,ifname=NAME[,mac=MAC] (repeatable)" };

    public Option<string[]> Loaders { get; } = new("--loader") { Description = "Copy a file into guest memory: file=PATH,addr=ADDRESS (repeatable)" };

    public Option<string?> Serial { get; } = new("--serial") { Description = "stdio (default), none, file:PATH or tcp:PORT" };

    public Option<bool> Deterministic { get; } = new("--deterministic") { Description = "Time advances with executed instructions (repeatable runs)" };

    public Option<string[]> Trace { get; } = new("--trace") { Description = "Trace categories on stderr: exits, mmio, psci, gic, wfe (repeatable)" };

    public Option<string?> FirmwareTables { get; } = new("--firmware-tables") { Description = "dt (default) or acpi" };

    public Option<string?> SecondaryStart { get; } = new("--secondary-start") { Description = "With --firmware-tables acpi: how the platform starts secondaries before they are parked: psci (default) or platform (the CPU release controller)" };

    public Option<bool> NoEl2 { get; } = new("--no-el2") { Description = "Run without the EL2 hypervisor agent (HVC is UNDEFINED)" };

    public Option<bool> NoEl3 { get; } = new("--no-el3") { Description = "Run without the EL3 secure monitor (SMC is UNDEFINED)" };

    public Option<string?> WfeChannel { get; } = new("--wfe-channel") { Description = "on (default), off, or el0 (also answer DETECT from EL0)" };

    public Option<bool> MonitorTrapsWfe { get; } = new("--monitor-traps-wfe") { Description = "The secure monitor traps WFE and answers the WFE channel" };

    public Option<int?> PseudoNmi { get; } = new("--pseudo-nmi") { Description = "INTID the hypervisor raises as the guest's pseudo-NMI (watchdog, Ctrl-A n)" };

    public Option<string?> ExitOn { get; } = new("--exit-on") { Description = "End the run (exit code 0) when the guest's console prints this text" };

    public Option<double?> Timeout { get; } = new("--timeout") { Description = "Stop the guest after this many seconds (exit code 5)" };

    public Option<bool> NoReboot { get; } = new("--no-reboot") { Description = "Exit on guest reset instead of rebooting (exit code 3)" };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Config, Kernel, Initrd, Append, Dtb, Cpus, Memory, Drives, Netdevs, Loaders, Serial, Deterministic, Trace, FirmwareTables, SecondaryStart, NoEl2, NoEl3, WfeChannel, MonitorTrapsWfe, PseudoNmi, ExitOn, Timeout, NoReboot })
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
        string[] netdevs = result.GetValue(Netdevs) ?? [];
        string[] trace = result.GetValue(Trace) ?? [];
        double? timeout = result.GetValue(Timeout);
        string? wfe = result.GetValue(WfeChannel);
        if (wfe is not (null or "on" or "off" or "el0"))
        {
            throw new MachineConfigurationException($"bad --wfe-channel '{wfe}': expected on, off or el0");
        }
        return config with
        {
            KernelPath = result.GetValue(Kernel) ?? config.KernelPath,
            InitrdPath = result.GetValue(Initrd) ?? config.InitrdPath,
            Append = result.GetValue(Append) ?? config.Append,
            DtbPath = result.GetValue(Dtb) ?? config.DtbPath,
            Cpus = result.GetValue(Cpus) ?? config.Cpus,
            MemoryBytes = memory is null ? config.MemoryBytes : SizeParser.Parse(memory, "--memory"),
            Drives = drives.Length == 0 ? config.Drives : drives.Select(DriveConfiguration.Parse).ToArray(),
            Networks = netdevs.Length == 0 ? config.Networks : netdevs.Select(Vmm.Network.NetworkConfiguration.Parse).ToArray(),
            Loaders = loaders.Length == 0 ? config.Loaders : loaders.Select(ParseLoader).ToArray(),
            Serial = serial is null ? config.Serial : SerialConfiguration.Parse(serial),
            Deterministic = result.GetValue(Deterministic) || config.Deterministic,
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
