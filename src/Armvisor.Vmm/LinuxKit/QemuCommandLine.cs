using System.Diagnostics;
using System.Globalization;

namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// The qemu-system-aarch64 command that boots a <see cref="MachineConfiguration"/> on QEMU's own virt board, the
/// reference Armvisor is compared with: <c>-M virt,gic-version=3 -cpu cortex-a72</c>, TCG, the same kernel, initrd,
/// command line, vCPU count, RAM and virtio-blk drives (on virtio-mmio, as Armvisor's board has them). An AArch32
/// (Cortex-A15) configuration runs on <c>qemu-system-arm -M virt,gic-version=3 -cpu cortex-a15</c>: the same GICv3
/// board, its CPU interface reached through CP15.
/// </summary>
public static class QemuCommandLine
{
    public const string Executable = "qemu-system-aarch64";

    /// <summary>QEMU for 32-bit Arm guests (the same Debian package, qemu-system-arm).</summary>
    public const string Arm32Executable = "qemu-system-arm";

    /// <summary>The QEMU binary for <paramref name="configuration"/>'s CPU.</summary>
    public static string ExecutableFor(MachineConfiguration configuration) =>
        Machine.EffectiveCpu(configuration) == CpuModel.CortexA15 ? Arm32Executable : Executable;

    /// <summary>The arguments (without the executable). <paramref name="interactive"/>: -nographic (Ctrl-A x quits), else serial on stdio, no monitor.</summary>
    public static IReadOnlyList<string> Arguments(MachineConfiguration configuration, bool interactive = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.KernelPath is null)
        {
            throw new MachineConfigurationException("qemu: the configuration has no kernel");
        }

        var arguments = new List<string>
        {
            "-M", "virt,gic-version=3", "-cpu", Machine.EffectiveCpu(configuration) == CpuModel.CortexA15 ? "cortex-a15" : "cortex-a72",
            "-smp", configuration.Cpus.ToString(CultureInfo.InvariantCulture),
            "-m", (configuration.MemoryBytes >> 20).ToString(CultureInfo.InvariantCulture) + "M",
            // No NIC: Armvisor's board has none, and QEMU's default virtio-net needs an option ROM (ipxe-qemu).
            "-nic", "none",
            "-kernel", configuration.KernelPath,
            "-append", configuration.Append,
        };
        if (configuration.NoReboot)
        {
            arguments.Add("-no-reboot");
        }

        if (interactive)
        {
            arguments.Add("-nographic");
        }
        else
        {
            arguments.AddRange(["-display", "none", "-monitor", "none", "-serial", "stdio"]);
        }

        if (configuration.InitrdPath is { } initrd)
        {
            arguments.AddRange(["-initrd", initrd]);
        }

        if (configuration.DtbPath is { } dtb)
        {
            arguments.AddRange(["-dtb", dtb]);
        }

        for (int i = 0; i < configuration.Drives.Count; i++)
        {
            DriveConfiguration drive = configuration.Drives[i];
            string readOnly = drive.ReadOnly ? ",readonly=on" : "";
            arguments.AddRange(["-drive", $"file={drive.Path.Replace(",", ",,", StringComparison.Ordinal)},if=none,format={Storage.DiskImage.FormatOf(drive)},id=drive{i}{readOnly}", "-device", $"virtio-blk-device,drive=drive{i}"]);
        }

        for (int i = 0; i < configuration.Networks.Count; i++)
        {
            Network.NetworkConfiguration network = configuration.Networks[i];
            // QEMU's user network (libslirp) lets 10.0.2.2 reach the host's loopback whatever hostloopback says.
            string backend = network.Kind == Network.NetworkBackendKind.Tap
                ? $"tap,id=net{i},ifname={network.TapName},script=no,downscript=no"
                : $"user,id=net{i},net=10.0.2.0/24" + string.Concat(network.HostForwards.Select(f => ",hostfwd=" + f));
            string mac = Network.NetworkConfiguration.FormatMac(network.Mac ?? Network.NetworkConfiguration.DefaultMac(i));
            arguments.AddRange(["-netdev", backend, "-device", $"virtio-net-device,netdev=net{i},mac={mac}"]);
        }

        return arguments;
    }

    /// <summary>A start description for the QEMU process; output redirected unless <paramref name="interactive"/>.</summary>
    public static ProcessStartInfo StartInfo(MachineConfiguration configuration, bool interactive)
    {
        var start = new ProcessStartInfo(ExecutableFor(configuration))
        {
            UseShellExecute = false,
            RedirectStandardOutput = !interactive,
            RedirectStandardError = !interactive,
            RedirectStandardInput = !interactive,
        };
        foreach (string argument in Arguments(configuration, interactive))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
