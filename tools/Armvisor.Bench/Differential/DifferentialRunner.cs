using Armvisor.Bench.Harness;
using Armvisor.Bench.Qemu;
using Armvisor.Engine;

namespace Armvisor.Bench.Differential;

/// <summary>
/// Generates cases in batches, runs each batch's image on QEMU (results written by semihosting) and on Armvisor
/// (results read from guest RAM after SYSTEM_OFF) at the same time, and compares every case.
/// </summary>
public sealed class DifferentialRunner
{
    private static readonly TimeSpan QemuTimeout = TimeSpan.FromMinutes(5);

    private readonly IEncodingCatalog _catalog;
    private readonly byte[] _runner;
    private readonly Func<PartitionOptions, IEnginePartition>? _engine;
    private readonly QemuRunner _qemu;
    private readonly string _workDirectory;

    /// <param name="runnerBinary">guests/build/difftest-runner.bin.</param>
    /// <param name="engine">The engine to test; null runs QEMU alone (a check of the runner and the generator).</param>
    public DifferentialRunner(IEncodingCatalog catalog, byte[] runnerBinary, Func<PartitionOptions, IEnginePartition>? engine,
        QemuRunner qemu, string workDirectory)
    {
        _catalog = catalog;
        _runner = runnerBinary;
        _engine = engine;
        _qemu = qemu;
        _workDirectory = workDirectory;
        Directory.CreateDirectory(workDirectory);
    }

    public DifferentialReport Run(DifferentialOptions options, TextWriter? progress = null)
    {
        var generator = new RandomCaseGenerator(_catalog, options.Seed, options.Classes);
        var report = new DifferentialReport(options.Seed, _engine is null);
        progress?.WriteLine($"difftest: seed 0x{options.Seed:X16}, {options.Count} instructions, classes {string.Join(", ", generator.Classes)}");
        for (long first = options.FirstCase; first < options.FirstCase + options.Count; first += options.BatchSize)
        {
            int n = (int)Math.Min(options.BatchSize, options.FirstCase + options.Count - first);
            var cases = new CaseInput[n];
            for (int i = 0; i < n; i++)
            {
                cases[i] = generator.Generate(first + i);
            }

            var image = TestImage.Build(_runner, cases, options.Seed ^ (ulong)first, options.EnableMmu);
            RunBatch(image, cases, first, options, report);
            progress?.WriteLine($"difftest: {first + n - options.FirstCase}/{options.Count} done, {report.MismatchCount} mismatches");
            if (report.Failures.Count > 0)
            {
                break;
            }
        }

        FillDisassembly(report);
        return report;
    }

    private void RunBatch(TestImage image, CaseInput[] cases, long first, DifferentialOptions options, DifferentialReport report)
    {
        string stem = Path.Combine(_workDirectory, $"difftest-{options.Seed:X16}-{first}");
        string elf = stem + ".elf";
        string results = Path.GetFullPath(stem + ".results");
        File.Delete(results);
        File.WriteAllBytes(elf, ElfWriter.Wrap(image.WithSemihostingOutput(results), DiffLayout.RunnerBase));
        Task<QemuResult> qemuTask = Task.Run(() => _qemu.Run(elf, QemuTimeout, semihosting: true));

        CaseResult[]? armvisor = null;
        if (_engine is not null)
        {
            var harness = new BareMetalHarness(_engine);
            byte[] ram = new byte[image.ResultsSize];
            HarnessResult run = harness.Run(GuestImage.FromRaw(image.Bytes, DiffLayout.RunnerBase),
                new HarnessOptions(InjectExternalAbortOnUnmapped: true, WallClockLimit: TimeSpan.FromMinutes(10)),
                r => r.Read(new Memory.GuestPhysicalAddress(image.ResultsAddress), ram));
            report.ArmvisorTime += run.Elapsed;
            report.ArmvisorInstructions += run.InstructionsRetired;
            if (run.Outcome != HarnessOutcome.PoweredOff)
            {
                report.Failures.Add($"Armvisor run of cases {first}..{first + cases.Length - 1} ended {run.Outcome}: {run.Diagnostic}; output: {run.Output}");
            }

            armvisor = CaseResult.ParseAll(ram, cases.Length);
        }

        QemuResult q = qemuTask.Result;
        report.QemuTime += q.Elapsed;
        if (q.TimedOut || !File.Exists(results))
        {
            report.Failures.Add($"QEMU run of cases {first}.. produced no results (exit {q.ExitCode}, timed out {q.TimedOut}): {q.Output} {q.Errors}");
            return;
        }

        CaseResult[] reference = CaseResult.ParseAll(File.ReadAllBytes(results), cases.Length);
        File.Delete(results);
        File.Delete(elf);
        for (int i = 0; i < cases.Length; i++)
        {
            CaseInput c = cases[i];
            if (!report.Classes.TryGetValue(c.Template.ClassName, out ClassTally? tally))
            {
                tally = new ClassTally();
                report.Classes[c.Template.ClassName] = tally;
            }

            tally.Cases++;
            report.Cases++;
            if (reference[i].Kind != 0)
            {
                tally.Exceptions++;
            }

            IReadOnlyList<FieldDifference> diff = armvisor is null
                ? (reference[i].Complete ? [] : [new FieldDifference("record", "missing", "-")])
                : ResultComparer.Compare(reference[i], armvisor[i]);
            if (diff.Count > 0)
            {
                tally.Mismatches++;
                report.MismatchCount++;
                if (report.Mismatches.Count < options.MaxReported)
                {
                    report.Mismatches.Add(new CaseMismatch(first + i, c, diff));
                }
            }
        }
    }

    private static void FillDisassembly(DifferentialReport report)
    {
        IReadOnlyList<string> text = Disassembler.Disassemble(report.Mismatches.Select(m => m.Input.Instruction).ToArray());
        for (int i = 0; i < report.Mismatches.Count; i++)
        {
            report.Mismatches[i].Disassembly = text[i];
        }
    }
}
