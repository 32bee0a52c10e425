using System.CommandLine;
using System.Globalization;
using Armvisor.Bench.Benchmark;
using Armvisor.Bench.Differential;
using Armvisor.Bench.Harness;
using Armvisor.Bench.Qemu;

namespace Armvisor.Bench;

/// <summary>
/// armvisor-bench: runs bare-metal guests on the engine (<c>run</c>), the random-instruction differential test against
/// QEMU (<c>difftest</c>) and the engine benchmark (<c>bench</c>).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("Armvisor engine tools: bare-metal runner, differential test against QEMU, benchmark");
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(DiffCommand());
        root.Subcommands.Add(BenchCommand());
        root.Subcommands.Add(SuiteCommand());
        return root.Parse(args).Invoke();
    }

    private static Command RunCommand()
    {
        var image = new Argument<FileInfo>("image") { Description = "guest ELF, or raw binary loaded at 0x40000000" };
        var budget = new Option<ulong>("--budget") { Description = "instruction limit", DefaultValueFactory = _ => 20_000_000_000 };
        var command = new Command("run", "Run a bare-metal guest on the engine (virt-like: PL011, PSCI over HVC)") { image, budget };
        command.SetAction(parse =>
        {
            var harness = new BareMetalHarness();
            HarnessResult result = harness.Run(GuestImage.Load(parse.GetValue(image)!.FullName),
                new HarnessOptions(InstructionBudget: parse.GetValue(budget), Console: Console.Out));
            Console.Error.WriteLine($"[{result.Outcome}] {result.InstructionsRetired} instructions in {result.Elapsed.TotalSeconds:F2} s{(result.Diagnostic is null ? "" : ": " + result.Diagnostic)}");
            return result.Outcome == HarnessOutcome.PoweredOff ? 0 : 1;
        });
        return command;
    }

    private static Command DiffCommand()
    {
        var count = new Option<long>("--count") { Description = "generated instructions", DefaultValueFactory = _ => 200_000 };
        var seed = new Option<string?>("--seed") { Description = "run seed (decimal or 0x hex); random when absent" };
        var first = new Option<long>("--first") { Description = "first case index (replay: --first N --count 1)" };
        var batch = new Option<int>("--batch") { Description = "cases per QEMU launch", DefaultValueFactory = _ => 20_000 };
        var classes = new Option<string?>("--classes") { Description = "comma-separated instruction classes (default: all)" };
        var noMmu = new Option<bool>("--no-mmu") { Description = "run the cases with the MMU off (Device memory)" };
        var referenceOnly = new Option<bool>("--reference-only") { Description = "run QEMU alone (checks the runner)" };
        var report = new Option<int>("--report") { Description = "mismatches printed in detail", DefaultValueFactory = _ => 20 };
        var command = new Command("difftest", "Random-instruction differential test against qemu-system-aarch64")
        {
            count, seed, first, batch, classes, noMmu, referenceOnly, report,
        };
        command.SetAction(parse =>
        {
            ulong s = ParseSeed(parse.GetValue(seed));
            string root = ToolLocator.RepositoryRoot();
            byte[] runner = File.ReadAllBytes(Path.Combine(root, "guests", "build", "difftest-runner.bin"));
            var runnerTool = new DifferentialRunner(EngineEncodingCatalog.Instance, runner,
                parse.GetValue(referenceOnly) ? null : EngineFactory.Create, new QemuRunner(),
                Path.Combine(Path.GetTempPath(), $"armvisor-difftest-{Environment.ProcessId}"));
            string? classList = parse.GetValue(classes);
            var options = new DifferentialOptions(parse.GetValue(count), s, parse.GetValue(batch),
                classList?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                !parse.GetValue(noMmu), parse.GetValue(first), parse.GetValue(report));
            DifferentialReport result = runnerTool.Run(options, Console.Error);
            Console.Write(result.Format());
            return result.Passed ? 0 : 1;
        });
        return command;
    }

    private static Command BenchCommand()
    {
        var guest = new Option<FileInfo?>("--guest") { Description = "benchmark guest ELF (default guests/build/bench.elf)" };
        var iterations = new Option<int>("--iterations") { Description = "iterations on Armvisor", DefaultValueFactory = _ => 200 };
        var qemuIterations = new Option<int>("--qemu-iterations") { Description = "iterations on QEMU (it is faster)", DefaultValueFactory = _ => 4000 };
        var noMmu = new Option<bool>("--no-mmu") { Description = "run the guest with the MMU off" };
        var skipQemu = new Option<bool>("--no-qemu") { Description = "run Armvisor only" };
        var command = new Command("bench", "Guest instructions per second on Armvisor and qemu-system-aarch64 (same run)")
        {
            guest, iterations, qemuIterations, noMmu, skipQemu,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(guest)?.FullName
                ?? Path.Combine(ToolLocator.RepositoryRoot(), "guests", "build", "bench.elf");
            var bench = new EngineBenchmark(path, parse.GetValue(iterations), parse.GetValue(qemuIterations), !parse.GetValue(noMmu));
            BenchmarkReport result = bench.Run(!parse.GetValue(skipQemu), Console.Error);
            Console.Write(result.Format());
            return result.Consistent ? 0 : 1;
        });
        return command;
    }

    private static Command SuiteCommand()
    {
        var runs = new Option<int>("--runs") { Description = "interleaved runs per program and emulator (median)", DefaultValueFactory = _ => 3 };
        var only = new Option<string?>("--programs") { Description = "comma-separated program names (default: all)" };
        var scale = new Option<double>("--scale") { Description = "multiply every program's iterations", DefaultValueFactory = _ => 1.0 };
        var noCount = new Option<bool>("--no-count") { Description = "skip the in-process run that counts guest instructions" };
        var armvisor = new Option<FileInfo?>("--armvisor") { Description = "armvisor executable (default src/Armvisor.Cli/bin/Release/net10.0/armvisor)" };
        var command = new Command("suite", "Every suite program on Armvisor and qemu-system-aarch64, interleaved: medians, ratios, worst ratio")
        {
            runs, only, scale, noCount, armvisor,
        };
        command.SetAction(parse =>
        {
            string root = ToolLocator.RepositoryRoot();
            string exe = parse.GetValue(armvisor)?.FullName
                ?? Path.Combine(root, "src", "Armvisor.Cli", "bin", "Release", "net10.0", "armvisor");
            string[]? names = parse.GetValue(only)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            IReadOnlyList<SuiteProgram> programs = names is null
                ? SuiteProgram.All
                : SuiteProgram.All.Where(p => names.Contains(p.Name)).ToArray();
            int n = Math.Max(1, parse.GetValue(runs));
            var suite = new EngineSuite(exe, n, !parse.GetValue(noCount), parse.GetValue(scale));
            IReadOnlyList<SuiteRow> rows = suite.Run(programs, Path.Combine(root, "guests", "build"), Console.Error);
            Console.Write(EngineSuite.Format(rows, $"{EngineBenchmark.MachineDescription()}, {QemuVersion()}", n));
            return rows.All(r => r.SameOutput) ? 0 : 1;
        });
        return command;
    }

    private static string QemuVersion()
    {
        var psi = new System.Diagnostics.ProcessStartInfo(ToolLocator.Qemu, ["--version"]) { RedirectStandardOutput = true, UseShellExecute = false };
        using System.Diagnostics.Process p = System.Diagnostics.Process.Start(psi)!;
        string first = p.StandardOutput.ReadLine() ?? "QEMU (version unknown)";
        p.WaitForExit();
        return first.Trim();
    }

    private static ulong ParseSeed(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (ulong)Random.Shared.NextInt64();
        }

        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(text, CultureInfo.InvariantCulture);
    }
}
