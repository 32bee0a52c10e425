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
    private static readonly TimeSpan QemuTimeout = TimeSpan.FromMinutes(2);

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

            var image = TestImage.Build(_runner, cases, options.Seed, options.EnableMmu, ResultsPath(options.Seed, first));
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

    /// <summary>Runs <paramref name="image"/> on QEMU; null (and a failure in <paramref name="report"/>) when it produced no results.</summary>
    public CaseResult[]? RunOnQemu(TestImage image, string name, DifferentialReport? report = null)
    {
        string elf = Path.Combine(_workDirectory, name + ".elf");
        string results = image.ResultsFile;
        File.Delete(results);
        File.WriteAllBytes(elf, ElfWriter.Wrap(image.WithSemihostingOutput(), DiffLayout.RunnerBase));
        QemuResult q = _qemu.Run(elf, QemuTimeout, semihosting: true);
        if (report is not null)
        {
            report.QemuTime += q.Elapsed;
        }

        if (q.TimedOut || !File.Exists(results))
        {
            report?.Failures.Add(q.StartFailure ?? $"QEMU run {name} produced no results (exit {q.ExitCode}, timed out {q.TimedOut}; image kept at {elf}): {q.Output} {q.Errors}");
            return null;
        }

        byte[] bytes = File.ReadAllBytes(results);
        File.Delete(results);
        File.Delete(elf);
        return CaseResult.ParseAll(bytes, image.CaseCount);
    }

    /// <summary>Runs <paramref name="image"/> on Armvisor through <see cref="BareMetalHarness"/> and reads the results from guest RAM.</summary>
    public CaseResult[] RunOnArmvisor(TestImage image, string name, DifferentialReport? report = null)
    {
        var harness = new BareMetalHarness(_engine ?? throw new InvalidOperationException("no engine configured"));
        byte[] ram = new byte[image.ResultsSize];
        HarnessResult run = harness.Run(GuestImage.FromRaw(image.Bytes, DiffLayout.RunnerBase),
            new HarnessOptions(InjectExternalAbortOnUnmapped: true, WallClockLimit: TimeSpan.FromMinutes(10)),
            r => r.Read(new Memory.GuestPhysicalAddress(image.ResultsAddress), ram));
        if (report is not null)
        {
            report.ArmvisorTime += run.Elapsed;
            report.ArmvisorInstructions += run.InstructionsRetired;
            if (run.Outcome != HarnessOutcome.PoweredOff)
            {
                report.Failures.Add($"Armvisor run {name} ended {run.Outcome}: {run.Diagnostic}; output: {run.Output}");
            }
        }

        return CaseResult.ParseAll(ram, image.CaseCount);
    }

    /// <summary>Where QEMU writes the results of the batch starting at <paramref name="first"/>.</summary>
    public string ResultsPath(ulong seed, long first) => Path.GetFullPath(Path.Combine(_workDirectory, $"difftest-{seed:X16}-{first}.results"));

    private void RunBatch(TestImage image, CaseInput[] cases, long first, DifferentialOptions options, DifferentialReport report)
    {
        string name = $"difftest-{options.Seed:X16}-{first}";
        var qemuReport = new DifferentialReport(options.Seed, true);
        Task<CaseResult[]?> qemuTask = Task.Run(() => RunOnQemu(image, name, qemuReport));
        CaseResult[]? armvisor = _engine is null ? null : RunOnArmvisor(image, name, report);
        CaseResult[]? reference = qemuTask.Result;
        report.QemuTime += qemuReport.QemuTime;
        report.Failures.AddRange(qemuReport.Failures);
        if (reference is null)
        {
            return;
        }

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
                report.MismatchesByMnemonic[c.Template.Mnemonic] = report.MismatchesByMnemonic.GetValueOrDefault(c.Template.Mnemonic) + 1;
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
