namespace Armvisor.Devices.Serial;

/// <summary>
/// QEMU-style console escapes on a raw terminal: Ctrl-A x quits, Ctrl-A h prints help, Ctrl-A n sends an NMI, Ctrl-A Ctrl-A sends one
/// Ctrl-A to the guest; Ctrl-A followed by any other key is swallowed. Everything else passes through unchanged,
/// including Ctrl-C, which belongs to the guest.
/// </summary>
public sealed class SerialEscapeParser
{
    /// <summary>The escape key, Ctrl-A.</summary>
    public const byte EscapeByte = 0x01;

    /// <summary>Text for <see cref="SerialEscapeAction.Help"/>.</summary>
    public const string HelpText = "C-a h    print this help\r\nC-a x    exit armvisor\r\nC-a n    send the guest its pseudo-NMI\r\nC-a C-a  send C-a to the guest\r\n";

    private bool _escapePending;

    /// <summary>Feeds one host byte; <paramref name="forwarded"/> is valid when the result is <see cref="SerialEscapeAction.Forward"/>.</summary>
    public SerialEscapeAction Feed(byte input, out byte forwarded)
    {
        forwarded = input;
        if (!_escapePending)
        {
            if (input == EscapeByte)
            {
                _escapePending = true;
                return SerialEscapeAction.Consumed;
            }

            return SerialEscapeAction.Forward;
        }

        _escapePending = false;
        return input switch
        {
            EscapeByte => SerialEscapeAction.Forward,
            (byte)'x' or (byte)'X' => SerialEscapeAction.Quit,
            (byte)'h' or (byte)'H' or (byte)'?' => SerialEscapeAction.Help,
            (byte)'n' or (byte)'N' => SerialEscapeAction.Nmi,
            _ => SerialEscapeAction.Consumed,
        };
    }
}
