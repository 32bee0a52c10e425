using System.Globalization;
using System.Text;

namespace Armvisor.Bench.Fuzz;

/// <summary>What a fuzz run saw: how each word's run ended, and every host exception (which must be none).</summary>
public sealed class FuzzReport(ulong seed)
{
    public ulong Seed { get; } = seed;

    public long Words { get; set; }

    /// <summary>Runs per ending (completed, guest exception, stage-2 abort, trap to EL2, timeout...).</summary>
    public SortedDictionary<string, long> Endings { get; } = new(StringComparer.Ordinal);

    /// <summary>Host exceptions: the word, the EL, and the exception. A correct engine has none.</summary>
    public List<string> HostExceptions { get; } = [];

    public void Count(string ending) => Endings[ending] = Endings.GetValueOrDefault(ending) + 1;

    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"fuzz seed 0x{Seed:X16}: {Words} random words, {HostExceptions.Count} host exceptions");
        foreach ((string ending, long n) in Endings)
        {
            s.AppendLine(c, $"  {ending,-28} {n,10}");
        }

        foreach (string e in HostExceptions.Take(20))
        {
            s.AppendLine(c, $"HOST EXCEPTION {e}");
        }

        return s.ToString();
    }
}
