namespace Armvisor.Vmm;

/// <summary>Everything a machine is built from; the CLI options and the JSON configuration file say the same things.</summary>
public sealed record MachineConfiguration
{
    /// <summary>512 MiB, the default guest RAM.</summary>
    public const ulong DefaultMemory = 512UL << 20;

    /// <summary>A Linux arm64 Image (plain or gzip), or an ELF bare-metal program.</summary>
    public string? KernelPath { get; init; }

    public string? InitrdPath { get; init; }

    /// <summary>The kernel command line (DT /chosen/bootargs).</summary>
    public string Append { get; init; } = "";

    /// <summary>A user DTB used instead of the generated one (its /chosen is completed with bootargs and initrd).</summary>
    public string? DtbPath { get; init; }

    public int Cpus { get; init; } = 1;

    public ulong MemoryBytes { get; init; } = DefaultMemory;

    public IReadOnlyList<DriveConfiguration> Drives { get; init; } = [];

    public IReadOnlyList<LoaderConfiguration> Loaders { get; init; } = [];

    /// <summary>virtio-net devices and their back ends (<c>--netdev</c>).</summary>
    public IReadOnlyList<Network.NetworkConfiguration> Networks { get; init; } = [];

    public SerialConfiguration Serial { get; init; } = SerialConfiguration.Stdio;

    /// <summary>Time advances with executed instructions, so a run repeats exactly.</summary>
    public bool Deterministic { get; init; }

    /// <summary>Trace categories (exits, mmio, psci, gic, wfe).</summary>
    public IReadOnlyList<string> Trace { get; init; } = [];

    public FirmwareTables FirmwareTables { get; init; } = FirmwareTables.DeviceTree;

    /// <summary>The platform's original secondary start method (ACPI boot only; docs/acpi-boot.md).</summary>
    public SecondaryStartKind SecondaryStart { get; init; } = SecondaryStartKind.Psci;

    /// <summary>The hypervisor core runs at EL2 (HVC reaches it).</summary>
    public bool HasEl2 { get; init; } = true;

    /// <summary>The secure monitor runs at EL3 (SMC reaches it).</summary>
    public bool HasEl3 { get; init; } = true;

    /// <summary>The hypervisor traps WFE and answers the WFE channel (docs/wfe-channel.md).</summary>
    public bool WfeChannel { get; init; } = true;

    /// <summary>A DETECT request from EL0 is answered (otherwise EL0 WFEs are always ordinary).</summary>
    public bool WfeChannelEl0Detect { get; init; }

    /// <summary>The secure monitor traps WFE (SCR_EL3.TWE) and answers DETECT when the hypervisor does not.</summary>
    public bool MonitorTrapsWfe { get; init; }

    /// <summary>The INTID the hypervisor raises as the guest's pseudo-NMI (watchdog action, NMI command); null for none.</summary>
    public int? PseudoNmiIntid { get; init; }

    /// <summary>End the run (as powered off) once the guest's console output contains this text.</summary>
    public string? ExitOnOutput { get; init; }

    /// <summary>Stop the guest after this long (exit code <see cref="GuestOutcome.Timeout"/>).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>A guest reset ends the process instead of rebooting the machine.</summary>
    public bool NoReboot { get; init; }

    /// <summary>Checks what can be checked before building anything; throws <see cref="MachineConfigurationException"/>.</summary>
    public void Validate()
    {
        if (KernelPath is null && Loaders.Count == 0)
        {
            throw new MachineConfigurationException("nothing to run: give --kernel FILE (or a loader)");
        }

        if (Cpus is < 1 or > 8)
        {
            throw new MachineConfigurationException($"bad --cpus {Cpus}: the virt board here supports 1 to 8 vCPUs");
        }

        if (MemoryBytes < (16UL << 20) || MemoryBytes > MachineLayout.RamLimit || (MemoryBytes & 0xFFFFF) != 0)
        {
            throw new MachineConfigurationException($"bad --memory {MemoryBytes}: needs a whole number of MiB from 16M to 255G");
        }

        if (SecondaryStart == SecondaryStartKind.Platform && FirmwareTables != FirmwareTables.Acpi)
        {
            throw new MachineConfigurationException("--secondary-start platform needs --firmware-tables acpi (the device tree names PSCI)");
        }

        foreach (string? path in new[] { KernelPath, InitrdPath, DtbPath }.Concat(Drives.Select(d => d.Path)).Concat(Loaders.Select(l => l.Path)))
        {
            if (path is not null && !File.Exists(path))
            {
                throw new MachineConfigurationException($"file not found: {path}");
            }
        }
    }
}
