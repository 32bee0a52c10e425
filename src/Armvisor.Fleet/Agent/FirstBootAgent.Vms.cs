using System.Diagnostics;
using System.Globalization;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Images;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Agent;

/// <summary>Starting the host's VMs on Armvisor (the configurable VM command of the image defaults).</summary>
public sealed partial class FirstBootAgent
{
    /// <summary>
    /// Starts every VM of the configuration and waits for them. With <paramref name="reporter"/> (the second boot),
    /// reports the host provisioned once every VM has started, or failed with the VM's exit status.
    /// </summary>
    private async Task<BootOutcome> RunVmsAsync(MasterImage image, HostConfiguration configuration, MetadataClient? reporter, CancellationToken cancellationToken)
    {
        var command = _options.VmCommand ?? image.Defaults.VmCommand;
        var processes = new List<(VmSpec Vm, Process Process)>();
        try
        {
            foreach (var vm in configuration.Vms)
            {
                var argv = command.Select(a => a
                    .Replace("{image}", Path.Combine(_disk.ImagePath, MasterImage.FilesDirectory), StringComparison.Ordinal)
                    .Replace("{kernel}", vm.Kernel, StringComparison.Ordinal)
                    .Replace("{name}", vm.Name, StringComparison.Ordinal)
                    .Replace("{memory}", vm.MemoryMiB.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{cpus}", vm.Cpus.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{run}", _disk.RunPath, StringComparison.Ordinal)).ToList();
                var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false, WorkingDirectory = _disk.RunPath };
                foreach (var arg in argv.Skip(1))
                {
                    start.ArgumentList.Add(arg);
                }

                try
                {
                    processes.Add((vm, Process.Start(start) ?? throw new InvalidOperationException("no process")));
                    Log($"vm {vm.Name} started: {string.Join(' ', argv)}");
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
                {
                    return await VmFailedAsync(reporter, $"vm {vm.Name}: cannot start {argv[0]}: {e.Message}", cancellationToken).ConfigureAwait(false);
                }
            }

            // Provisioned = the host is up with every VM started; the host then runs until its VMs stop.
            if (reporter is not null)
            {
                await ReportAsync(reporter, new HostEvent(HostPhases.Provisioned, _bootId, $"{configuration.Hostname}: {processes.Count} VMs started"), cancellationToken).ConfigureAwait(false);
            }

            foreach (var (vm, process) in processes)
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                Log($"vm {vm.Name} exited with status {process.ExitCode}");
            }

            return BootOutcome.Halted;
        }
        finally
        {
            foreach (var (_, process) in processes)
            {
                process.Dispose();
            }
        }
    }

    private async Task<BootOutcome> VmFailedAsync(MetadataClient? reporter, string reason, CancellationToken cancellationToken)
    {
        Log(reason);
        if (reporter is not null)
        {
            await FailAsync(reporter, HostPhases.StartVms, reason, cancellationToken).ConfigureAwait(false);
        }

        return BootOutcome.Failed;
    }
}
