using System.Text;

namespace Armvisor.Bench.Harness;

/// <summary>
/// The part of a PL011 UART (Arm DDI0183) a bare-metal guest needs to print: writes of DR transmit a byte, FR reads
/// "transmit FIFO empty, receive FIFO empty", every other register reads as zero and ignores writes.
/// </summary>
public sealed class Pl011Console
{
    /// <summary>The virt board's UART (linux-platform.md 2.1).</summary>
    public const ulong Base = 0x0900_0000;

    public const ulong Size = 0x1000;

    /// <summary>The registers the console answers, as data: offset, name, value read.</summary>
    private static readonly (ulong Offset, string Name, uint ReadValue)[] Registers =
    [
        (0x000, "UARTDR", 0),
        (0x018, "UARTFR", (1u << 7) | (1u << 4)), // TXFE | RXFE (DDI0183 3.3.3)
        (0xFE0, "UARTPeriphID0", 0x11),
        (0xFE4, "UARTPeriphID1", 0x10),
        (0xFE8, "UARTPeriphID2", 0x14),
        (0xFEC, "UARTPeriphID3", 0x00),
    ];

    private const ulong DataRegister = 0x000;

    private readonly StringBuilder _output = new();
    private readonly TextWriter? _echo;

    public Pl011Console(TextWriter? echo) => _echo = echo;

    /// <summary>Everything the guest transmitted.</summary>
    public string Output => _output.ToString();

    public static bool Contains(ulong address) => address - Base < Size;

    public uint Read(ulong offset)
    {
        foreach (var r in Registers)
        {
            if (r.Offset == offset)
            {
                return r.ReadValue;
            }
        }

        return 0;
    }

    public void Write(ulong offset, ulong value)
    {
        if (offset != DataRegister)
        {
            return;
        }

        char c = (char)(byte)value;
        _output.Append(c);
        _echo?.Write(c);
    }
}
