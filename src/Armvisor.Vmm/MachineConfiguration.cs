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

    /// <summary>A firmware image for flash bank 0 (QEMU's <c>-bios</c>): the boot CPU starts in it at 0x0.</summary>
    public string? BiosPath { get; init; }

    /// <summary>Flash banks backed by host files (QEMU's <c>-drive if=pflash</c>).</summary>
    public IReadOnlyList<PflashConfiguration> Pflash { get; init; } = [];

    /// <summary>Flash bank 0 holds firmware, so the machine boots it (DTB at the start of RAM) rather than a kernel.</summary>
    public bool BootsFromFirmware => FlashBankSource.Assign(BiosPath, Pflash)[0] is not null;

    /// <summary>virtio-net devices and their back ends (<c>--netdev</c>).</summary>
    public IReadOnlyList<Network.NetworkConfiguration> Networks { get; init; } = [];

    public SerialConfiguration Serial { get; init; } = SerialConfiguration.Stdio;

    /// <summary>Time advances with executed instructions, so a run repeats exactly.</summary>
    public bool Deterministic { get; init; }

    /// <summary>The engine's highest execution tier (<c>--engine-tier</c>; null: ARMVISOR_ENGINE_TIER, else native).</summary>
    public Engine.EngineTier? EngineTier { get; init; }

    /// <summary>Trace categories (exits, mmio, psci, gic, wfe).</summary>
    public IReadOnlyList<string> Trace { get; init; } = [];

    public FirmwareTables FirmwareTables { get; init; } = FirmwareTables.DeviceTree;

    /// <summary>The platform's original secondary start method (ACPI boot only; docs/acpi-boot.md).</summary>
    public SecondaryStartKind SecondaryStart { get; init; } = SecondaryStartKind.Psci;

    /// <summary>The CPU model (<c>--cpu</c>); null: by the kernel (an ELF32 Arm program runs on <see cref="CpuModel.CortexA15"/>).</summary>
    public CpuModel? Cpu { get; init; }

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

    /// <summary>
    /// DACR virtualization of an AArch32 guest with shadow page tables (patents.md §6, docs/dacr-virtualization.md): off
    /// (the guest's own tables drive the engine's MMU), shadow (L1 iterate + L2 drop/repopulate), swizzle, domain-track, flush.
    /// </summary>
    public Core.ShadowPaging.DacrVirtualizationMode DacrVirtualization { get; init; }

    /// <summary>Map the per-vCPU private data area alias at <see cref="MachineLayout.PrivateDataArea"/> (docs/memory-map.md).</summary>
    public bool PrivateDataArea { get; init; } = true;

    /// <summary>The alias page is executable at stage 2 (off by default: a fetch from it is a permission fault).</summary>
    public bool PrivateDataAreaExecutable { get; init; }

    /// <summary>Run the vCPUs on this many host threads with the M:N scheduler; null: one host thread per vCPU.</summary>
    public int? HostThreads { get; init; }

    /// <summary>The M:N scheduler's time slice.</summary>
    public TimeSpan TimeSlice { get; init; } = Scheduling.VcpuSchedulerOptions.DefaultTimeSlice;

    /// <summary>The M:N scheduler defers a switch while the guest's PRDA says non-preemptible (patents.md §3).</summary>
    public bool PreemptionDeferral { get; init; } = true;

    /// <summary>The longest deferral before a non-preemptible vCPU is preempted anyway.</summary>
    public TimeSpan PreemptGrace { get; init; } = Scheduling.VcpuSchedulerOptions.DefaultGrace;

    /// <summary>End the run (as powered off) once the guest's console output contains this text.</summary>
    public string? ExitOnOutput { get; init; }

    /// <summary>Stop the guest after this long (exit code <see cref="GuestOutcome.Timeout"/>).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>A guest reset ends the process instead of rebooting the machine.</summary>
    public bool NoReboot { get; init; }

    /// <summary>Where the GDB remote stub listens: "tcp:[HOST:]PORT" (port 0 picks a free one); null for no stub.</summary>
    public string? GdbEndpoint { get; init; }

    /// <summary>The vCPUs do not start until gdb attaches and continues (QEMU's -S).</summary>
    public bool WaitForGdb { get; init; }

    /// <summary>HLT #0xF000 is a semihosting call (IHI0098) answered by the host instead of UNDEFINED.</summary>
    public bool Semihosting { get; init; }

    /// <summary>The only host directory semihosting SYS_OPEN may reach; null: only the console (":tt").</summary>
    public string? SemihostingRoot { get; init; }

    /// <summary>Checks what can be checked before building anything; throws <see cref="MachineConfigurationException"/>.</summary>
    public void Validate()
    {
        FlashBankSource?[] flash = FlashBankSource.Assign(BiosPath, Pflash);
        if (KernelPath is null && Loaders.Count == 0 && flash[0] is null)
        {
            throw new MachineConfigurationException("nothing to run: give --kernel FILE, --bios FILE (or a loader)");
        }

        if (Cpus is < 1 or > 8)
        {
            throw new MachineConfigurationException($"bad --cpus {Cpus}: the virt board here supports 1 to 8 vCPUs");
        }

        if (MemoryBytes < (16UL << 20) || MemoryBytes > MachineLayout.RamLimit || (MemoryBytes & 0xFFFFF) != 0)
        {
            throw new MachineConfigurationException($"bad --memory {MemoryBytes}: needs a whole number of MiB from 16M to 255G");
        }

        if (HostThreads is { } threads && (threads < 1 || threads > Cpus))
        {
            throw new MachineConfigurationException($"bad --host-threads {threads}: needs 1 to --cpus ({Cpus})");
        }

        if (TimeSlice <= TimeSpan.Zero || TimeSlice > TimeSpan.FromSeconds(1) || PreemptGrace < TimeSpan.Zero || PreemptGrace > TimeSpan.FromSeconds(1))
        {
            throw new MachineConfigurationException($"bad --time-slice {TimeSlice.TotalMilliseconds} ms or --preempt-grace {PreemptGrace.TotalMilliseconds} ms: each must be within 0 to 1000 ms (slice > 0)");
        }

        if (FirmwareTables == FirmwareTables.Acpi && flash[0] is not null)
        {
            // The firmware builds the OS's view (and starts secondaries with PSCI): it gets the ACPI tables through fw_cfg.
            throw new MachineConfigurationException(
                "--firmware-tables acpi is for direct kernel boots: with --bios/--pflash the firmware gets the ACPI tables through fw_cfg");
        }

        if (SecondaryStart == SecondaryStartKind.Platform && FirmwareTables != FirmwareTables.Acpi)
        {
            throw new MachineConfigurationException("--secondary-start platform needs --firmware-tables acpi (the device tree names PSCI)");
        }

        if (GdbEndpoint is not null && HostThreads is not null)
        {
            // The stub's all-stop parks every vCPU on its own thread (docs/debugging.md); M:N threads hold several.
            throw new MachineConfigurationException("--gdb cannot be combined with --host-threads: the stub needs one host thread per vCPU");
        }

        if (WaitForGdb && GdbEndpoint is null)
        {
            throw new MachineConfigurationException("--wait-for-gdb needs --gdb tcp:PORT (or -s)");
        }

        if (GdbEndpoint is not null)
        {
            _ = Gdb.GdbEndpoint.Parse(GdbEndpoint);
        }

        if (SemihostingRoot is not null && (!Semihosting || !Directory.Exists(SemihostingRoot)))
        {
            throw new MachineConfigurationException(Semihosting
                ? $"--semihosting-root: directory not found: {SemihostingRoot}"
                : "--semihosting-root needs --semihosting");
        }

        foreach (string? path in new[] { KernelPath, InitrdPath, DtbPath }.Concat(Drives.Select(d => d.Path)).Concat(Loaders.Select(l => l.Path))
                     .Concat(flash.Select(f => f?.Path)))
        {
            if (path is not null && !File.Exists(path))
            {
                throw new MachineConfigurationException(Directory.Exists(path) ? $"is a directory, not a file: {path}" : $"file not found: {path}");
            }
        }
    }
}
