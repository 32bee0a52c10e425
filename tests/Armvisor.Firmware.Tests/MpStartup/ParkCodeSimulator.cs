using System.Buffers.Binary;

namespace Armvisor.Firmware.Tests.MpStartup;

/// <summary>
/// A test-only interpreter for exactly the A64 forms the park code uses, decoded from the Arm ARM bit patterns
/// (DDI0487 C6.2) independently of the assembler, running on one mailbox page. It stops at WFE (parked) or BR (released).
/// </summary>
internal sealed class ParkCodeSimulator
{
    private readonly byte[] _page;
    private readonly ulong _base;
    private readonly ulong[] _x = new ulong[32];
    private bool _zero;

    public ParkCodeSimulator(byte[] page, ulong baseAddress)
    {
        _page = page;
        _base = baseAddress;
        Pc = baseAddress + 0x800;
        Array.Fill(_x, 0xDEAD_BEEFUL);
    }

    public ulong Pc { get; private set; }

    public ulong Register(int n) => _x[n];

    /// <summary>Runs until WFE (returns null, PC past the WFE) or BR (returns the branch target).</summary>
    public ulong? Run(int maxSteps = 1000)
    {
        for (var step = 0; step < maxSteps; step++)
        {
            var w = BinaryPrimitives.ReadUInt32LittleEndian(_page.AsSpan((int)(Pc - _base)));
            var next = Pc + 4;
            int rd = (int)(w & 31), rn = (int)((w >> 5) & 31), rm = (int)((w >> 16) & 31);
            if ((w & 0x9F00_0000) == 0x1000_0000)
            {
                var imm = (long)((((w >> 5) & 0x7FFFF) << 2) | ((w >> 29) & 3));
                _x[rd] = Pc + (ulong)((imm << 43) >> 43);
            }
            else if ((w & 0xFF80_0000) == 0x5280_0000)
            {
                _x[rd] = (ulong)((w >> 5) & 0xFFFF) << (int)(16 * ((w >> 21) & 3));
            }
            else if ((w & 0xFF80_0000) == 0x7280_0000)
            {
                var shift = (int)(16 * ((w >> 21) & 3));
                _x[rd] = ((_x[rd] & ~(0xFFFFUL << shift)) | ((ulong)((w >> 5) & 0xFFFF) << shift)) & 0xFFFF_FFFF;
            }
            else if ((w & 0xFFC0_0000) == 0xB940_0000)
            {
                _x[rd] = BinaryPrimitives.ReadUInt32LittleEndian(Memory(_x[rn] + (((w >> 10) & 0xFFF) * 4)));
            }
            else if ((w & 0xFFC0_0000) == 0xF940_0000)
            {
                _x[rd] = BinaryPrimitives.ReadUInt64LittleEndian(Memory(_x[rn] + (((w >> 10) & 0xFFF) * 8)));
            }
            else if ((w & 0xFFC0_0000) == 0xF900_0000)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(Memory(_x[rn] + (((w >> 10) & 0xFFF) * 8)), rd == 31 ? 0 : _x[rd]);
            }
            else if ((w & 0xFF20_001F) == 0x6B00_001F)
            {
                _zero = (uint)_x[rn] == (uint)_x[rm];
            }
            else if ((w & 0xFFE0_FFE0) == 0xAA00_03E0)
            {
                _x[rd] = rm == 31 ? 0 : _x[rm];
            }
            else if ((w & 0xFF00_0010) == 0x5400_0000)
            {
                var taken = (w & 0xF) switch { 0 => _zero, 1 => !_zero, _ => throw new InvalidOperationException("cond") };
                next = taken ? Pc + (ulong)((long)((ulong)((w >> 5) & 0x7FFFF) << 45) >> 43) : next;
            }
            else if ((w & 0xFF00_0000) == 0xB400_0000)
            {
                next = _x[rd] == 0 ? Pc + (ulong)((long)((ulong)((w >> 5) & 0x7FFFF) << 45) >> 43) : next;
            }
            else if ((w & 0xFC00_0000) == 0x1400_0000)
            {
                next = Pc + (ulong)((long)((ulong)(w & 0x3FF_FFFF) << 38) >> 36);
            }
            else if (w == 0xD503_3F9F)
            {
                // DSB SY: no architectural effect here.
            }
            else if (w == 0xD503_205F)
            {
                Pc = next;
                return null;
            }
            else if ((w & 0xFFFF_FC1F) == 0xD61F_0000)
            {
                return _x[rn];
            }
            else
            {
                throw new InvalidOperationException($"unexpected instruction 0x{w:X8} at 0x{Pc:X}");
            }

            Pc = next;
        }

        throw new InvalidOperationException("park code did not reach WFE or BR");
    }

    private Span<byte> Memory(ulong address) => _page.AsSpan((int)(address - _base));
}
