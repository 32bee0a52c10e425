using System.CommandLine;
using System.Diagnostics;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Armvisor.Cli;

/// <summary>
/// <c>armvisor demo</c>: fetch Debian's arm64 (or with <c>--arch armhf</c> armhf) kernel and busybox-static (cached),
/// build the initramfs and boot it to a shell, on Armvisor (the same path as <c>armvisor run</c>) or with <c>--qemu</c>
/// on qemu-system-aarch64 (qemu-system-arm) for comparison.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var cpus = new Option<int>("--cpus", "-smp") { Description = "Number of vCPUs (1-8)", DefaultValueFactory = _ => 2 };
        var memory = new Option<string>("--memory", "-m") { Description = "Guest RAM (default 512M)", DefaultValueFactory = _ => "512M" };
        var qemu = new Option<bool>("--qemu") { Description = "Boot the same kernel and initramfs on qemu-system-aarch64 instead (for comparison)" };
        var run = new Option<string?>("--run") { Description = $"Kit scripts to run after boot, comma-separated ({string.Join(", ", GuestScripts.Named.Keys)})" };
        var powerOff = new Option<bool>("--poweroff") { Description = "Power off after the scripts instead of starting a shell" };
        var timeout = new Option<double?>("--timeout") { Description = "Stop the guest after this many seconds (exit code 5)" };
        var cache = new Option<string?>("--cache-dir") { Description = "Guest kit cache (default $XDG_CACHE_HOME/armvisor or ~/.cache/armvisor)" };
        var logLevel = new Option<string?>("--log-level") { Description = "error, warning (default), info, debug or trace" };
        var prepareOnly = new Option<bool>("--prepare-only") { Description = "Fetch and build only; print KERNEL=, INITRD= and APPEND= lines for armvisor run" };
        var arch = new Option<string?>("--arch") { Description = "arm64 (default: linux-image-arm64 on a Cortex-A72) or armhf (linux-image-armmp on an AArch32 Cortex-A15)" };
        var flavour = new Option<string?>("--kernel-flavour") { Description = "default, or lpae (with --arch armhf: linux-image-armmp-lpae, long-descriptor translation)" };
        var command = new Command("demo", "Boot Debian's arm64 (or armhf) Linux kernel with a busybox initramfs to a shell (fetched with apt, cached)");
        foreach (Option option in new Option[] { cpus, memory, qemu, run, powerOff, timeout, cache, logLevel, prepareOnly, arch, flavour })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() =>
        {
            var commandLine = new GuestCommandLine
            {
                Run = (result.GetValue(run) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Then = result.GetValue(powerOff) ? AfterScripts.PowerOff : AfterScripts.Shell,
            };
            MachineConfiguration partial = new MachineConfiguration
            {
                Cpus = result.GetValue(cpus),
                MemoryBytes = SizeParser.Parse(result.GetValue(memory)!, "--memory"),
                Timeout = result.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Append = commandLine.ToString(),
            };
            if (commandLine.Run.FirstOrDefault(s => !GuestScripts.Named.ContainsKey(s)) is { } unknown)
            {
                throw new MachineConfigurationException($"bad --run: no kit script '{unknown}' (known: {string.Join(", ", GuestScripts.Named.Keys)})");
            }

            GuestArchitecture architecture = GuestArchitectureNames.Parse(result.GetValue(arch));
            KernelFlavour kernelFlavour = GuestArchitectureNames.ParseFlavour(result.GetValue(flavour), architecture);
            if (!TryPrepare(new GuestPackageCache(architecture, result.GetValue(cache), kernelFlavour), out GuestKit? kit, out string? initrd))
            {
                return (int)GuestOutcome.HostError;
            }

            MachineConfiguration config = partial with { KernelPath = kit!.KernelPath, InitrdPath = initrd };
            config.Validate();
            if (result.GetValue(prepareOnly))
            {
                Console.Out.WriteLine($"KERNEL={config.KernelPath}");
                Console.Out.WriteLine($"INITRD={config.InitrdPath}");
                Console.Out.WriteLine($"APPEND={config.Append}");
                return 0;
            }

            if (result.GetValue(qemu))
            {
                return RunQemu(config);
            }

            using ILoggerFactory logging = HostLogging.Create(HostLogging.ParseLevel(result.GetValue(logLevel)), config.Trace);
            return (int)MachineRunner.Run(config, logging);
        }));
        return command;
    }

    // Fetch (or find) the kit and build the initramfs, with a progress display on stderr (stdout is the guest console).
    private static bool TryPrepare(GuestPackageCache cache, out GuestKit? kit, out string? initrd)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        GuestKit? found = null;
        string? built = null;
        try
        {
            console.Status().Spinner(Spinner.Known.Dots).Start("Guest kit", context =>
            {
                var progress = new InlineProgress(p =>
                {
                    context.Status($"[grey]{p.Step}[/] {Markup.Escape(p.Detail)}");
                    if (p.Step == GuestKitStep.Ready)
                    {
                        console.MarkupLine($"[green]✓[/] Debian {cache.Architecture.DebianName()} kit: {Markup.Escape(p.Detail)}");
                    }
                });
                found = cache.Ensure(progress);
                context.Status("Building the initramfs");
                string name = cache.Architecture == GuestArchitecture.Arm64 ? "initrd-demo.gz"
                    : cache.Flavour == KernelFlavour.Lpae ? $"initrd-demo-{cache.Architecture.DebianName()}-lpae.gz"
                    : $"initrd-demo-{cache.Architecture.DebianName()}.gz";
                built = new InitramfsBuilder(found).WriteTo(Path.Combine(cache.Directory, name));
                console.MarkupLine($"[green]✓[/] initramfs: {Markup.Escape(built)} ({new FileInfo(built).Length / 1024} KiB, {found.Modules.Count} modules)");
            });
        }
        catch (GuestKitException e)
        {
            console.MarkupLine($"[red]armvisor:[/] {Markup.Escape(e.Message)}");
            kit = null;
            initrd = null;
            return false;
        }

        kit = found;
        initrd = built;
        return true;
    }

    private static int RunQemu(MachineConfiguration config)
    {
        ProcessStartInfo start = QemuCommandLine.StartInfo(config, interactive: !Console.IsInputRedirected);
        start.RedirectStandardInput = false;
        start.RedirectStandardOutput = false;
        start.RedirectStandardError = false;
        try
        {
            using Process process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"armvisor: {QemuCommandLine.ExecutableFor(config)} is not installed (apt-get install qemu-system-arm)");
            return (int)GuestOutcome.HostError;
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, out of step with the display).</summary>
    private sealed class InlineProgress(Action<GuestKitProgress> report) : IProgress<GuestKitProgress>
    {
        public void Report(GuestKitProgress value) => report(value);
    }
}
