using System.Text;

namespace Armvisor.Vmm.Gdb;

/// <summary>
/// Splits the client's byte stream into RSP packets (GDB manual, "Remote Protocol" E.1 Overview): <c>$payload#cc</c> with
/// a two-digit hex modulo-256 checksum, <c>}</c> escapes (the next byte XOR 0x20), acknowledgements <c>+</c>/<c>-</c>, and
/// the interrupt byte 0x03 outside packets. A packet longer than the PacketSize we announce, a bad checksum digit or a
/// stray byte inside the framing is a <see cref="GdbProtocolException"/>; a checksum mismatch in acknowledgement mode is
/// answered with <c>-</c> (the client retransmits), in no-ack mode it closes the connection.
/// </summary>
internal sealed class GdbPacketReader(Stream stream, int maxPacket)
{
    private readonly byte[] _buffer = new byte[4096];
    private int _length;
    private int _position;

    /// <summary>QStartNoAckMode was accepted: no <c>+</c> after packets, and checksum errors are fatal.</summary>
    public bool NoAck { get; set; }

    /// <summary>The next packet or interrupt; null at end of stream.</summary>
    public GdbInput? Read()
    {
        while (true)
        {
            int b = NextByte();
            switch (b)
            {
                case -1:
                    return null;
                case 0x03:
                    return new GdbInput(null, Interrupt: true);
                case '+' or '-':
                    continue;
                case '$':
                    string? packet = ReadPacketBody();
                    if (packet is not null)
                    {
                        return new GdbInput(packet, Interrupt: false);
                    }

                    continue;
                default:
                    // Noise between packets (e.g. a line feed from a terminal): ignored, as gdbserver does.
                    continue;
            }
        }
    }

    private string? ReadPacketBody()
    {
        var payload = new StringBuilder();
        int sum = 0;
        while (true)
        {
            int b = NextByte();
            if (b == -1)
            {
                throw new GdbProtocolException("connection closed inside a packet");
            }

            if (b == '#')
            {
                break;
            }

            if (b == '$')
            {
                throw new GdbProtocolException("'$' inside a packet");
            }

            sum += b;
            if (b == '}')
            {
                int escaped = NextByte();
                if (escaped == -1)
                {
                    throw new GdbProtocolException("connection closed inside a packet");
                }

                sum += escaped;
                b = escaped ^ 0x20;
            }

            payload.Append((char)b);
            if (payload.Length > maxPacket)
            {
                throw new GdbProtocolException($"packet longer than the announced PacketSize ({maxPacket} bytes)");
            }
        }

        int high = HexDigit(NextByte());
        int low = HexDigit(NextByte());
        if (high < 0 || low < 0)
        {
            throw new GdbProtocolException("packet checksum is not two hex digits");
        }

        if (((high << 4) | low) != (sum & 0xFF))
        {
            if (NoAck)
            {
                throw new GdbProtocolException("packet checksum mismatch in no-ack mode");
            }

            stream.WriteByte((byte)'-');
            return null;
        }

        if (!NoAck)
        {
            stream.WriteByte((byte)'+');
        }

        string text = payload.ToString();
        if (text == "QStartNoAckMode")
        {
            // The packet itself is acknowledged; nothing after it is (GDB manual E.11, QStartNoAckMode).
            NoAck = true;
        }

        return text;
    }

    private int NextByte()
    {
        if (_position == _length)
        {
            _length = stream.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            if (_length <= 0)
            {
                _length = 0;
                return -1;
            }
        }

        return _buffer[_position++];
    }

    private static int HexDigit(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
