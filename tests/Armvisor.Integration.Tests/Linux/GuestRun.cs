using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>One boot of the kit on a back end: how the process ended and what the console showed.</summary>
public sealed record GuestRun(string Backend, int ExitCode, bool TimedOut, string Console, string StandardError, TimeSpan Elapsed)
{
    public GuestTranscript Transcript { get; } = GuestTranscript.Parse(Console);

    /// <summary>For assertion messages: the end of the console and stderr.</summary>
    public override string ToString()
    {
        string tail = Console.Length > 6000 ? "..." + Console[^6000..] : Console;
        string errors = StandardError.Length > 2000 ? "..." + StandardError[^2000..] : StandardError;
        return $"{Backend}: exit {ExitCode}{(TimedOut ? " (timed out)" : "")} after {Elapsed.TotalSeconds:F1} s\n--- console\n{tail}\n--- stderr\n{errors}";
    }
}
