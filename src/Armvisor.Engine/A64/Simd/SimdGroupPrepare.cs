using Armvisor.Engine.Execution;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: prepare functions are called only by the decoder, with d pointing at the record it is filling.
/// <summary>
/// Group-specific pre-decoding: the size checks of <see cref="SimdPrepare"/> plus the per-opcode variant flags of the
/// "three same" and "two-register miscellaneous" groups (rounding, accumulate, subtract, and which opcodes use U as
/// signedness), so one handler serves each signed/unsigned/rounding family.
/// </summary>
internal static unsafe class SimdGroupPrepare
{
    /// <summary>Three same: opcode bits [15:11].</summary>
    private static bool ThreeSame(uint raw, DecodedInstruction* d, bool ok)
    {
        int opcode = (int)(raw >> 11) & 0x1F;
        bool u = ((raw >> 29) & 1) != 0;
        byte flags = opcode switch
        {
            0b00010 or 0b01010 or 0b01011 => SimdFlags.Round,
            0b10110 when u => SimdFlags.Round,
            0b01111 => SimdFlags.Accumulate,
            0b10010 when u => SimdFlags.Negate,
            _ => 0,
        };
        d->Flags |= flags;
        if (opcode == 0b10110)
        {
            d->Flags &= unchecked((byte)~SimdFlags.Unsigned); // SQRDMULH is signed although U = 1.
        }

        return ok;
    }

    public static bool ThreeSameVector(uint raw, DecodedInstruction* d) => ThreeSame(raw, d, SimdPrepare.Vector(raw, d));

    public static bool ThreeSameVectorNo64(uint raw, DecodedInstruction* d) => ThreeSame(raw, d, SimdPrepare.VectorNo64(raw, d));

    public static bool ThreeSameVectorHalfOrWord(uint raw, DecodedInstruction* d) => ThreeSame(raw, d, SimdPrepare.VectorHalfOrWord(raw, d));

    public static bool ThreeSameVectorBytes(uint raw, DecodedInstruction* d) => ThreeSame(raw, d, SimdPrepare.Vector(raw, d) && d->Size == 0);

    public static bool ThreeSameScalarDoubleword(uint raw, DecodedInstruction* d) => ThreeSame(raw, d, SimdPrepare.ScalarDoubleword(raw, d));

    public static bool ThreeSameScalarAny(uint raw, DecodedInstruction* d) => ThreeSame(raw, d, SimdPrepare.ScalarAny(raw, d));

    public static bool ThreeSameScalarHalfOrWord(uint raw, DecodedInstruction* d) => ThreeSame(raw, d, SimdPrepare.ScalarHalfOrWord(raw, d));

    /// <summary>Two-register misc: opcode bits [16:12]; U means "unsigned" only for the xADDLP/xADALP, xSQADD and xQXTN opcodes.</summary>
    private static bool TwoRegisterMisc(uint raw, DecodedInstruction* d, bool ok)
    {
        int opcode = (int)(raw >> 12) & 0x1F;
        if (opcode is not (0b00010 or 0b00110 or 0b00011 or 0b10100))
        {
            d->Flags &= unchecked((byte)~SimdFlags.Unsigned);
        }

        if (opcode == 0b00110)
        {
            d->Flags |= SimdFlags.Accumulate;
        }

        return ok;
    }

    public static bool MiscVector(uint raw, DecodedInstruction* d) => TwoRegisterMisc(raw, d, SimdPrepare.Vector(raw, d));

    public static bool MiscVectorNo64(uint raw, DecodedInstruction* d) => TwoRegisterMisc(raw, d, SimdPrepare.VectorNo64(raw, d));

    public static bool MiscVectorBytes(uint raw, DecodedInstruction* d) => TwoRegisterMisc(raw, d, SimdPrepare.Vector(raw, d) && d->Size == 0);

    public static bool MiscScalarDoubleword(uint raw, DecodedInstruction* d) => TwoRegisterMisc(raw, d, SimdPrepare.ScalarDoubleword(raw, d));

    public static bool MiscScalarAny(uint raw, DecodedInstruction* d) => TwoRegisterMisc(raw, d, SimdPrepare.ScalarAny(raw, d));

    /// <summary>NOT and RBIT: the size field is part of the opcode, elements are bytes.</summary>
    public static bool MiscBitwise(uint raw, DecodedInstruction* d) => TwoRegisterMisc(raw, d, SimdPrepare.VectorBytes(raw, d));
}
