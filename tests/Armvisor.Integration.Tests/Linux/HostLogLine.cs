using System.Globalization;
using System.Text.RegularExpressions;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// One line of armvisor's log on stderr (src/Armvisor.Cli/HostLogging.cs: the simple console formatter, single line,
/// timestamp "HH:mm:ss.fff "): <c>19:41:02.517 warn: Armvisor.Vm[0] Watchdog of VM expired after 5000 ms: ResetVm</c>.
/// </summary>
public sealed partial record HostLogLine(TimeSpan TimeOfDay, string Level, string Category, string Message)
{
    /// <summary>The log lines of <paramref name="standardError"/>, in order (other lines skipped).</summary>
    public static IReadOnlyList<HostLogLine> Parse(string standardError)
    {
        ArgumentNullException.ThrowIfNull(standardError);
        var lines = new List<HostLogLine>();
        foreach (string line in standardError.Split('\n'))
        {
            Match m = LinePattern().Match(line.TrimEnd('\r'));
            if (m.Success)
            {
                var time = TimeSpan.ParseExact(m.Groups[1].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
                lines.Add(new HostLogLine(time, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value));
            }
        }

        return lines;
    }

    /// <summary><paramref name="later"/> minus this line's time, across midnight.</summary>
    public TimeSpan Until(HostLogLine later)
    {
        ArgumentNullException.ThrowIfNull(later);
        TimeSpan difference = later.TimeOfDay - TimeOfDay;
        return difference < -TimeSpan.FromHours(12) ? difference + TimeSpan.FromDays(1) : difference;
    }

    [GeneratedRegex(@"^(\d\d:\d\d:\d\d\.\d{3}) (\w+): ([\w.]+)\[\d+\] (.*)$")]
    private static partial Regex LinePattern();
}
