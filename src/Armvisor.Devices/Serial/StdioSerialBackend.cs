using System.Diagnostics;

namespace Armvisor.Devices.Serial;

/// <summary>
/// The host terminal as the guest console: guest output to stdout, unchanged; stdin to the guest through the
/// <see cref="SerialEscapeParser"/> (Ctrl-A x quits). When stdin is a terminal it is put in raw mode with
/// <c>stty raw -echo</c> for the lifetime of the backend and restored on <see cref="Dispose"/>, so that every key
/// (Ctrl-C included) reaches the guest, as with QEMU's <c>-serial mon:stdio</c>.
/// </summary>
public sealed class StdioSerialBackend : ISerialBackend
{
    private readonly Stream _output;
    private readonly Stream _input;
    private readonly SerialEscapeParser _escapes = new();
    private string? _savedTerminalMode;

    public StdioSerialBackend()
    {
        _output = Console.OpenStandardOutput();
        _input = Console.OpenStandardInput();
        if (!Console.IsInputRedirected)
        {
            _savedTerminalMode = RunStty("-g")?.Trim();
            if (_savedTerminalMode is not null)
            {
                RunStty("raw -echo");
            }
        }
    }

    /// <summary>Raised (on the input thread) when the user types Ctrl-A x.</summary>
    public event EventHandler? QuitRequested;

    /// <summary>Raised (on the input thread) when the user types Ctrl-A n.</summary>
    public event EventHandler? NmiRequested;

    public void Write(byte value)
    {
        _output.WriteByte(value);
        _output.Flush();
    }

    public void Start(Action<byte> receive)
    {
        var thread = new Thread(() => InputLoop(receive)) { IsBackground = true, Name = "serial stdio" };
        thread.Start();
    }

    public void Dispose()
    {
        if (_savedTerminalMode is not null)
        {
            RunStty(_savedTerminalMode);
            _savedTerminalMode = null;
        }

        _output.Flush();
    }

    private void InputLoop(Action<byte> receive)
    {
        var buffer = new byte[64];
        int read;
        while ((read = _input.Read(buffer)) > 0)
        {
            foreach (byte value in buffer.AsSpan(0, read))
            {
                switch (_escapes.Feed(value, out byte forwarded))
                {
                    case SerialEscapeAction.Forward:
                        receive(forwarded);
                        break;
                    case SerialEscapeAction.Help:
                        Console.Error.Write(SerialEscapeParser.HelpText);
                        break;
                    case SerialEscapeAction.Nmi:
                        NmiRequested?.Invoke(this, EventArgs.Empty);
                        break;
                    case SerialEscapeAction.Quit:
                        QuitRequested?.Invoke(this, EventArgs.Empty);
                        return;
                    case SerialEscapeAction.Consumed:
                        break;
                }
            }
        }
    }

    /// <summary>Runs stty on the inherited terminal; null when stty is unavailable (then the terminal stays cooked).</summary>
    private static string? RunStty(string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("stty", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
