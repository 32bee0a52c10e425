using System.Diagnostics;
using System.Globalization;
using System.Text;
using Armvisor.Bench.Harness;
using Armvisor.Bench.Qemu;

namespace Armvisor.Bench.Benchmark;

/// <summary>
/// The engine benchmark suite: each <see cref="SuiteProgram"/> runs as a user would time it, as a whole process —
/// <c>armvisor run --kernel prog.elf</c> and <c>qemu-system-aarch64 ... -kernel prog.elf</c> — alternating between the
/// two for every repetition (so load on a shared host hits both alike); the table has the medians, their ratio and
/// the guest instruction rate over the whole process (instruction count from one in-process harness run).
/// </summary>
public sealed class EngineSuite(string armvisorPath, int repetitions, bool countInstructions, double scale = 1.0)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public IReadOnlyList<SuiteRow> Run(IReadOnlyList<SuiteProgram> programs, string buildDirectory, TextWriter progress)
    {
        var qemu = new QemuRunner();
        string dir = Path.Combine(Path.GetTempPath(), $"armvisor-suite-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var rows = new List<SuiteRow>();
        try
        {
            foreach (SuiteProgram p in programs)
            {
                string source = Path.Combine(buildDirectory, p.Elf);
                if (!p.SourceAvailable)
                {
                    progress.WriteLine($"{p.Name}: skipped: {p.SourceHint}");
                    continue;
                }

                if (!File.Exists(source))
                {
                    throw new FileNotFoundException($"{source} not built (make -C guests)");
                }

                ulong iterations = Math.Max(1, (ulong)(p.Iterations * scale));
                byte[] elf = BenchmarkGuest.WithParameters(File.ReadAllBytes(source), iterations, p.UseMmu);
                string path = Path.Combine(dir, $"{p.Name}.elf");
                File.WriteAllBytes(path, elf);
                rows.Add(RunOne(p, path, elf, iterations, qemu, progress));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return rows;
    }

    private SuiteRow RunOne(SuiteProgram p, string path, byte[] elf, ulong iterations, QemuRunner qemu, TextWriter progress)
    {
        progress.WriteLine($"{p.Name}: {iterations} iterations, mmu {(p.UseMmu ? "on" : "off")}, {repetitions} runs each, interleaved");
        var armvisorTimes = new List<TimeSpan>();
        var qemuTimes = new List<TimeSpan>();
        IReadOnlyList<string>? armvisorLines = null, qemuLines = null;
        for (int i = 0; i < repetitions; i++)
        {
            (TimeSpan at, IReadOnlyList<string> al) = RunArmvisor(path);
            QemuResult q = qemu.Run(path, Timeout);
            if (q.TimedOut || q.ExitCode != 0)
            {
                throw new InvalidOperationException($"{p.Name} on QEMU failed (exit {q.ExitCode}): {q.StartFailure ?? q.Errors}");
            }

            armvisorTimes.Add(at);
            qemuTimes.Add(q.Elapsed);
            armvisorLines ??= al;
            qemuLines ??= q.Lines;
            progress.WriteLine($"  run {i + 1}: armvisor {at.TotalSeconds:F3} s, qemu {q.Elapsed.TotalSeconds:F3} s");
        }

        ulong? instructions = null;
        if (countInstructions)
        {
            HarnessResult h = new BareMetalHarness().Run(GuestImage.FromElf(elf),
                new HarnessOptions(InstructionBudget: ulong.MaxValue, WallClockLimit: Timeout));
            instructions = h.Outcome == HarnessOutcome.PoweredOff ? h.InstructionsRetired : null;
        }

        string? difference = FirstDifference(SuiteProgram.ComparableLines(armvisorLines!), SuiteProgram.ComparableLines(qemuLines!));
        return new SuiteRow(p, Median(armvisorTimes), Median(qemuTimes), instructions, difference is null, difference);
    }

    private (TimeSpan Elapsed, IReadOnlyList<string> Lines) RunArmvisor(string elf)
    {
        var psi = new ProcessStartInfo(armvisorPath, ["run", "--kernel", elf])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {armvisorPath}");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"armvisor run --kernel {elf} did not finish in {Timeout}");
        }

        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"armvisor run --kernel {elf} exited {process.ExitCode}: {stderr.Result.Trim()}");
        }

        string[] lines = stdout.Result.Replace("\r", "", StringComparison.Ordinal).Split('\n').Where(l => l.Length > 0).ToArray();
        return (clock.Elapsed, lines);
    }

    /// <summary>The first line where the two outputs differ, or null when they agree.</summary>
    public static string? FirstDifference(IReadOnlyList<string> armvisor, IReadOnlyList<string> qemu)
    {
        for (int i = 0; i < Math.Max(armvisor.Count, qemu.Count); i++)
        {
            string a = i < armvisor.Count ? armvisor[i] : "<no line>";
            string q = i < qemu.Count ? qemu[i] : "<no line>";
            if (a != q)
            {
                return $"line {i + 1}: armvisor \"{a}\" qemu \"{q}\"";
            }
        }

        return null;
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        times.Sort();
        int n = times.Count;
        return n % 2 == 1 ? times[n / 2] : (times[(n / 2) - 1] + times[n / 2]) / 2;
    }

    /// <summary>The table: per program the medians, the ratio, the whole-process instruction rates; then the worst ratio.</summary>
    public static string Format(IReadOnlyList<SuiteRow> rows, string machine, int repetitions)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"machine: {machine}");
        s.AppendLine(c, $"whole-process wall time, median of {repetitions} interleaved runs each");
        s.AppendLine("| program | MMU | Armvisor (s) | QEMU (s) | Armvisor/QEMU time | M instr | Armvisor MIPS | QEMU MIPS | output |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (SuiteRow r in rows)
        {
            string count = r.Instructions is { } n ? (n / 1e6).ToString("F0", c) : "-";
            string ar = r.Instructions is { } n1 ? (n1 / 1e6 / r.ArmvisorMedian.TotalSeconds).ToString("F0", c) : "-";
            string qr = r.Instructions is { } n2 ? (n2 / 1e6 / r.QemuMedian.TotalSeconds).ToString("F0", c) : "-";
            s.AppendLine(c, $"| {r.Program.Name} | {(r.Program.UseMmu ? "on" : "off")} | {r.ArmvisorMedian.TotalSeconds:F2} | {r.QemuMedian.TotalSeconds:F2} | {r.Ratio:F2}x | {count} | {ar} | {qr} | {(r.SameOutput ? "same" : "DIFFERS")} |");
        }

        if (rows.Count > 0)
        {
            SuiteRow worst = rows.MaxBy(r => r.Ratio)!;
            double geo = Math.Exp(rows.Average(r => Math.Log(r.Ratio)));
            s.AppendLine(c, $"worst ratio: {worst.Ratio:F2}x ({worst.Program.Name}); geometric mean {geo:F2}x");
        }

        foreach (SuiteRow r in rows.Where(r => !r.SameOutput))
        {
            s.AppendLine(c, $"{r.Program.Name}: outputs differ, {r.Difference}");
        }

        return s.ToString();
    }
}
