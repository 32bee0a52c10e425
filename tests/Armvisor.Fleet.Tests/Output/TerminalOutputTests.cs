using System.Diagnostics;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Output;

/// <summary>
/// Issue 23, the terminal path: <c>fleet status</c> on a real pseudo-terminal (a private tmux server) keeps Spectre's
/// box-drawn, coloured table; NO_COLOR turns the colours off there too.
/// </summary>
public sealed class TerminalOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new("armvisor-tty");
    private readonly string _socket = $"armvisor-test-{Guid.NewGuid():N}";

    public void Dispose()
    {
        using (var kill = Process.Start(new ProcessStartInfo("tmux", ["-L", _socket, "kill-server"]) { RedirectStandardError = true }))
        {
            kill?.WaitForExit(10_000);
        }

        _dir.Dispose();
    }

    /// <summary>Runs <c>fleet status</c> in a 250×60 tmux pane and returns the pane with its escape sequences (capture-pane -e).</summary>
    private async Task<string> StatusOnTerminalAsync(string environment)
    {
        string data = await SeededFleet.CreateAsync(_dir);
        static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        string command = $"env {environment} {Quote(FleetCli.Dotnet)} {Quote(FleetCli.AssemblyPath)} fleet status --data {Quote(data)}; echo __END__; sleep 120";
        Run("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "250", "-y", "60", command);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            string pane = Run("capture-pane", "-p", "-e", "-J", "-t", "t");
            if (pane.Contains("__END__", StringComparison.Ordinal))
            {
                return pane;
            }

            Assert.True(DateTime.UtcNow < deadline, "fleet status did not finish on the terminal:\n" + pane);
            await Task.Delay(200);
        }
    }

    private string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("TMUX");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("tmux (Debian package tmux) is not installed");
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"tmux {string.Join(' ', arguments)}: {error}");
        return output;
    }

    [Fact]
    public async Task Status_OnTerminal_BoxDrawnColouredTableAndCountsOnStdout()
    {
        string pane = await StatusOnTerminalAsync("TERM=xterm-256color");

        Assert.Contains("╭", pane, StringComparison.Ordinal);
        Assert.Contains("│", pane, StringComparison.Ordinal);
        Assert.Contains("\u001b[", pane, StringComparison.Ordinal); // colour
        Assert.Contains("Provisioned=8", pane, StringComparison.Ordinal);
        string row = Assert.Single(pane.Split('\n'), l => l.Contains("host-0010", StringComparison.Ordinal));
        Assert.Contains("altered after sealing", row, StringComparison.Ordinal); // wide enough: not wrapped
    }

    [Fact]
    public async Task Status_OnTerminalWithNoColor_BoxButNoColour()
    {
        string pane = await StatusOnTerminalAsync("TERM=xterm-256color NO_COLOR=1");

        Assert.Contains("╭", pane, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", pane, StringComparison.Ordinal);
    }
}
