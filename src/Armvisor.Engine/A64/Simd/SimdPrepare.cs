using Armvisor.Engine.Execution;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: prepare functions are called only by the decoder, with d pointing at the record it is filling.
/// <summary>
/// Operand pre-decoding shared by the AdvSIMD rows: element size (<c>size</c>, bits [23:22]) into
/// <see cref="DecodedInstruction.Size"/>, Q (bit 30) and U (bit 29) into <see cref="DecodedInstruction.Flags"/>. Each
/// returns false for the reserved size/Q combinations of its group (DDI0487 C4.1.95: "size:Q = 11:0 reserved" etc.).
/// </summary>
internal static unsafe class SimdPrepare
{
    private static byte VectorFlags(uint raw) =>
        (byte)((((raw >> 30) & 1) != 0 ? SimdFlags.Q : 0) | (((raw >> 29) & 1) != 0 ? SimdFlags.Unsigned : 0));

    /// <summary>Vector, every element size; 64-bit elements need Q = 1.</summary>
    public static bool Vector(uint raw, DecodedInstruction* d)
    {
        d->Size = (byte)((raw >> 22) & 3);
        d->Flags = VectorFlags(raw);
        return d->Size != 3 || (d->Flags & SimdFlags.Q) != 0;
    }

    /// <summary>Vector, 8/16/32-bit elements only.</summary>
    public static bool VectorNo64(uint raw, DecodedInstruction* d)
    {
        d->Size = (byte)((raw >> 22) & 3);
        d->Flags = VectorFlags(raw);
        return d->Size != 3;
    }

    /// <summary>Vector, 8-bit elements only (CNT, PMUL, NOT, RBIT).</summary>
    public static bool VectorBytes(uint raw, DecodedInstruction* d)
    {
        d->Size = 0;
        d->Flags = VectorFlags(raw);
        return true;
    }

    /// <summary>Vector whose size field is part of the opcode (logical ops): byte elements.</summary>
    public static bool VectorBitwise(uint raw, DecodedInstruction* d) => VectorBytes(raw, d);

    /// <summary>Across-lanes reductions: no 64-bit elements, and 32-bit elements need Q = 1 (only 4S).</summary>
    public static bool AcrossLanes(uint raw, DecodedInstruction* d)
    {
        d->Size = (byte)((raw >> 22) & 3);
        d->Flags = VectorFlags(raw);
        return d->Size < 2 || (d->Size == 2 && (d->Flags & SimdFlags.Q) != 0);
    }

    /// <summary>Scalar, doubleword only (ADD/SUB/CMxx/USHL... D).</summary>
    public static bool ScalarDoubleword(uint raw, DecodedInstruction* d)
    {
        d->Size = 3;
        d->Flags = (byte)(SimdFlags.Scalar | (((raw >> 29) & 1) != 0 ? SimdFlags.Unsigned : 0));
        return ((raw >> 22) & 3) == 3;
    }

    /// <summary>Scalar, every element size (saturating arithmetic).</summary>
    public static bool ScalarAny(uint raw, DecodedInstruction* d)
    {
        d->Size = (byte)((raw >> 22) & 3);
        d->Flags = (byte)(SimdFlags.Scalar | (((raw >> 29) & 1) != 0 ? SimdFlags.Unsigned : 0));
        return true;
    }

    /// <summary>Scalar, 8/16/32-bit source elements (saturating narrows).</summary>
    public static bool ScalarNo64(uint raw, DecodedInstruction* d) => ScalarAny(raw, d) && d->Size != 3;

    /// <summary>Scalar SQDMULH/SQRDMULH: 16 or 32-bit elements.</summary>
    public static bool ScalarHalfOrWord(uint raw, DecodedInstruction* d) => ScalarAny(raw, d) && d->Size is 1 or 2;

    /// <summary>Vector SQDMULH/SQRDMULH: 16 or 32-bit elements.</summary>
    public static bool VectorHalfOrWord(uint raw, DecodedInstruction* d) => VectorNo64(raw, d) && d->Size != 0;
}
