using System.Globalization;
using System.Text;

namespace Armvisor.Bench.Differential;

/// <summary>The outcome of a differential run: counts per class, the mismatches, the seed to reproduce it.</summary>
public sealed class DifferentialReport
{
    public DifferentialReport(ulong seed, bool referenceOnly)
    {
        Seed = seed;
        ReferenceOnly = referenceOnly;
    }

    public ulong Seed { get; }

    /// <summary>Only QEMU ran (no engine): the report checks the runner, not Armvisor.</summary>
    public bool ReferenceOnly { get; }

    public SortedDictionary<string, ClassTally> Classes { get; } = new(StringComparer.Ordinal);

    public List<CaseMismatch> Mismatches { get; } = [];

    /// <summary>Mismatches per encoding (table mnemonic), to see at a glance which rows disagree.</summary>
    public SortedDictionary<string, long> MismatchesByMnemonic { get; } = new(StringComparer.Ordinal);

    public long MismatchCount { get; set; }

    public long Cases { get; set; }

    public TimeSpan QemuTime { get; set; }

    public TimeSpan ArmvisorTime { get; set; }

    public ulong ArmvisorInstructions { get; set; }

    /// <summary>Problems that are not per-case mismatches (a run that did not finish, a missing results file).</summary>
    public List<string> Failures { get; } = [];

    public bool Passed => MismatchCount == 0 && Failures.Count == 0;

    public string Format()
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"difftest seed 0x{Seed:X16}: {Cases} instructions, {MismatchCount} mismatches{(ReferenceOnly ? " (QEMU only, no engine)" : "")}");
        s.AppendLine(c, $"  {"class",-28} {"cases",10} {"exceptions",11} {"mismatches",11}");
        foreach ((string name, ClassTally t) in Classes)
        {
            s.AppendLine(c, $"  {name,-28} {t.Cases,10} {t.Exceptions,11} {t.Mismatches,11}");
        }

        s.AppendLine(c, $"  QEMU {QemuTime.TotalSeconds:F1} s, Armvisor {ArmvisorTime.TotalSeconds:F1} s ({ArmvisorInstructions} guest instructions incl. runner)");
        if (MismatchesByMnemonic.Count > 0)
        {
            s.AppendLine("  mismatches by encoding: " + string.Join(", ", MismatchesByMnemonic.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
        }

        foreach (string f in Failures)
        {
            s.AppendLine(c, $"FAILURE: {f}");
        }

        foreach (CaseMismatch m in Mismatches)
        {
            s.AppendLine(c, $"MISMATCH case {m.Index} (seed 0x{Seed:X16}, case seed 0x{m.Input.Seed:X16}) class {m.Input.Template.ClassName}:");
            s.AppendLine(c, $"  0x{m.Input.Instruction:X8}  {m.Disassembly}   [{m.Input.Template.Mnemonic}]");
            s.AppendLine(c, $"  reproduce: scripts/difftest.sh --seed 0x{Seed:X} --first {m.Index} --count 1");
            foreach (FieldDifference d in m.Differences)
            {
                s.AppendLine(c, $"  {d}");
            }
        }

        return s.ToString();
    }
}
