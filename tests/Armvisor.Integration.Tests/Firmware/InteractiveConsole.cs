using System.Diagnostics;
using System.Text;

namespace Armvisor.Integration.Tests.Firmware;

/// <summary>
/// A guest console driven as a person at a firmware prompt would: the emulator's stdout is read as it comes, input is
/// typed into its stdin. <see cref="WaitFor"/> returns what the console printed since the previous wait.
/// </summary>
internal sealed class InteractiveConsole : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private int _consumed;

    private InteractiveConsole(Process process) => _process = process;

    public static InteractiveConsole Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var console = new InteractiveConsole(Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}"));
        _ = console.PumpAsync(console._process.StandardOutput, console._output);
        _ = console.PumpAsync(console._process.StandardError, console._errors);
        return console;
    }

    /// <summary>Everything printed so far (no carriage returns).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Waits until <paramref name="text"/> appears after what earlier waits consumed; returns the text up to and including it.</summary>
    public string WaitFor(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string output = Output;
            int at = output.IndexOf(text, _consumed, StringComparison.Ordinal);
            if (at >= 0)
            {
                string part = output[_consumed..(at + text.Length)];
                _consumed = at + text.Length;
                return part;
            }

            if (clock.Elapsed > timeout || _process.HasExited)
            {
                throw new Xunit.Sdk.XunitException(
                    $"'{text}' did not appear within {timeout.TotalSeconds} s (exited: {_process.HasExited})\n--- console\n{output}\n--- stderr\n{Errors}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Types <paramref name="line"/> and Enter, a character at a time (a firmware UART has a small FIFO).</summary>
    public void Type(string line)
    {
        foreach (char c in line + "\r")
        {
            _process.StandardInput.Write(c);
            _process.StandardInput.Flush();
            Thread.Sleep(2);
        }
    }

    /// <summary>Waits for the process to end; its exit code, or null when it had to be killed.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (_process.WaitForExit(timeout))
        {
            return _process.ExitCode;
        }

        _process.Kill(entireProcessTree: true);
        return null;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read).Replace("\r", "", into.Length - read, read);
            }
        }
    }
}
