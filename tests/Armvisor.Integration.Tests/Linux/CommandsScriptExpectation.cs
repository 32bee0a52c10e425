using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// What the kit's "commands" script must print, computed independently on the host from the same formulas (the
/// generated data file, its hash, sort order, sums, shell arithmetic, fork count). Lines that depend on busybox's own
/// gzip or libm (gzip-bytes, awk-float) are left to the cross-back-end comparison.
/// </summary>
public static class CommandsScriptExpectation
{
    private const int LineCount = 40000;

    /// <summary>The data file: "%05d %d %s\n" of i, (i*7919) mod 10007, substr("abcdefghij", i mod 10 + 1, 3).</summary>
    public static byte[] DataFile()
    {
        var text = new StringBuilder();
        for (int i = 0; i < LineCount; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i:D5} {i * 7919 % 10007} {Letters(i)}\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>Exact lines the script prints, by the key they start with.</summary>
    public static IReadOnlyDictionary<string, string> Lines()
    {
        byte[] data = DataFile();
        string sha = Convert.ToHexStringLower(SHA256.HashData(data));
        string[] rows = Encoding.ASCII.GetString(data).TrimEnd('\n').Split('\n');
        long[] values = rows.Select(r => long.Parse(r.Split(' ')[1], CultureInfo.InvariantCulture)).ToArray();
        long sum = values.Sum();
        long squares = values.Sum(v => v * v);

        // sort -k2,2n -k1,1r: field 2 numerically, then field 1 in reverse; the whole line breaks remaining ties.
        string[] sorted = rows
            .OrderBy(r => long.Parse(r.Split(' ')[1], CultureInfo.InvariantCulture))
            .ThenByDescending(r => r.Split(' ')[0], StringComparer.Ordinal)
            .ThenBy(r => r, StringComparer.Ordinal)
            .ToArray();
        string groups = string.Concat(rows.Select(r => r.Split(' ')[2]).GroupBy(g => g).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}:{g.Count()} "));
        int statusSum = Enumerable.Range(0, 200).Sum(i => i % 3);
        int pipeline = Enumerable.Range(1, 1000).Count(i => i % 7 == 0);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["lines="] = $"lines={LineCount} bytes={data.Length}",
            ["sha256="] = $"sha256={sha}",
            ["gunzip-sha256="] = $"gunzip-sha256={sha}",
            ["gzip-roundtrip="] = "gzip-roundtrip=identical",
            ["sorted-head:"] = "sorted-head:\n" + string.Join('\n', sorted[..3]),
            ["sorted-tail:"] = "sorted-tail:\n" + string.Join('\n', sorted[^3..]),
            ["groups="] = ("groups=" + groups).TrimEnd(),
            ["awk-sum="] = string.Create(CultureInfo.InvariantCulture,
                $"awk-sum={sum} awk-sumsq={squares} awk-max={values.Max()} awk-mean={(double)sum / LineCount:F6}"),
            ["shell-arith="] = string.Create(CultureInfo.InvariantCulture,
                $"shell-arith={123456789L * 987 % 1000003} {1L << 40} {-17 / 5} {-17 % 5}"),
            ["forks="] = $"forks=200 status-sum={statusSum}",
            ["pipeline="] = $"pipeline={pipeline}",
        };
    }

    /// <summary>The script's output arranged like <see cref="Lines"/>: each key's line (and, for the sort headings, the three lines after it).</summary>
    public static string Actual(IReadOnlyList<string> output, string key)
    {
        ArgumentNullException.ThrowIfNull(output);
        int index = output.ToList().FindIndex(l => l.StartsWith(key, StringComparison.Ordinal));
        if (index < 0)
        {
            return $"(no line starting with {key})";
        }

        int count = key.EndsWith(':') ? 4 : 1;
        return string.Join('\n', output.Skip(index).Take(count).Select(l => l.TrimEnd()));
    }

    private static string Letters(int i)
    {
        const string alphabet = "abcdefghij";
        int start = i % 10;
        return alphabet.Substring(start, Math.Min(3, alphabet.Length - start));
    }
}
