using System.Runtime.CompilerServices;
using System.Numerics;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>
/// Data processing, register (DDI0487 C4.1.87): shifted/extended add/sub, logical (shifted), ADC/SBC, CCMN/CCMP,
/// the CSEL family and the 1-, 2- and 3-source groups.
/// </summary>
internal static unsafe partial class DataProcessingRegister
{
    // ---- Prepare ----

    /// <summary>Shifted register forms: shift type and amount; amounts of 32+ with sf=0 are unallocated, ROR is not an add/sub shift.</summary>
    public static bool PrepareShifted(uint raw, DecodedInstruction* d)
    {
        bool sf = (raw >> 31) != 0;
        int amount = (int)(raw >> 10) & 0x3F;
        if (!sf && amount >= 32)
        {
            return false;
        }

        d->Flags = (byte)(sf ? 1 : 0);
        d->Option = (byte)((raw >> 22) & 3);
        d->Shift = (byte)amount;
        return true;
    }

    public static bool PrepareAddSubShifted(uint raw, DecodedInstruction* d) => ((raw >> 22) & 3) != 3 && PrepareShifted(raw, d);

    /// <summary>Extended register forms: option and imm3 (0..4).</summary>
    public static bool PrepareExtended(uint raw, DecodedInstruction* d)
    {
        int imm3 = (int)(raw >> 10) & 7;
        if (imm3 > 4)
        {
            return false;
        }

        d->Flags = (byte)(raw >> 31);
        d->Option = (byte)((raw >> 13) & 7);
        d->Shift = (byte)imm3;
        return true;
    }

    public static bool PrepareSf(uint raw, DecodedInstruction* d)
    {
        d->Flags = (byte)(raw >> 31);
        return true;
    }

    /// <summary>CCMN/CCMP: cond in Option, nzcv in Shift (as PSTATE bits [31:28]), imm5 in Imm.</summary>
    public static bool PrepareConditionalCompare(uint raw, DecodedInstruction* d)
    {
        d->Flags = (byte)(raw >> 31);
        d->Option = (byte)((raw >> 12) & 0xF);
        d->Imm2 = (raw & 0xF) << 28;
        d->Imm = (raw >> 16) & 0x1F;
        return true;
    }

    public static bool PrepareConditionalSelect(uint raw, DecodedInstruction* d)
    {
        d->Flags = (byte)(raw >> 31);
        d->Option = (byte)((raw >> 12) & 0xF);
        return true;
    }

    // ---- Add/sub and logical ----

    private static ulong ShiftedOperand(InterpreterVcpu v, DecodedInstruction* d) => d->Flags != 0
        ? Alu.Shift64(v.X[d->Rm], d->Option, d->Shift)
        : Alu.Shift32((uint)v.X[d->Rm], d->Option, d->Shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AddShifted(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.X[d->Rn] + ShiftedOperand(v, d);
        v.WriteX(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SubShifted(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.X[d->Rn] - ShiftedOperand(v, d);
        v.WriteX(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AddsShifted(InterpreterVcpu v, DecodedInstruction* d)
    {
        SetAddFlags(v, d, v.X[d->Rn], ShiftedOperand(v, d), 0);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SubsShifted(InterpreterVcpu v, DecodedInstruction* d)
    {
        SetAddFlags(v, d, v.X[d->Rn], ~ShiftedOperand(v, d), 1);
        return true;
    }

    private static void SetAddFlags(InterpreterVcpu v, DecodedInstruction* d, ulong n, ulong m, uint carry)
    {
        uint nzcv;
        ulong r = d->Flags != 0 ? Alu.AddWithCarry64(n, m, carry, out nzcv) : Alu.AddWithCarry32((uint)n, (uint)m, carry, out nzcv);
        v.State.Nzcv = nzcv;
        v.WriteX(d->Rd, r);
    }

    private static ulong ExtendedOperand(InterpreterVcpu v, DecodedInstruction* d) => Alu.Extend(v.X[d->Rm], d->Option, d->Shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AddExtended(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.ReadXOrSp(d->Rn) + ExtendedOperand(v, d);
        v.WriteXOrSp(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SubExtended(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.ReadXOrSp(d->Rn) - ExtendedOperand(v, d);
        v.WriteXOrSp(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AddsExtended(InterpreterVcpu v, DecodedInstruction* d)
    {
        SetAddFlags(v, d, v.ReadXOrSp(d->Rn), ExtendedOperand(v, d), 0);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SubsExtended(InterpreterVcpu v, DecodedInstruction* d)
    {
        SetAddFlags(v, d, v.ReadXOrSp(d->Rn), ~ExtendedOperand(v, d), 1);
        return true;
    }

    /// <summary>Logical (shifted register), opc:N selects AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Logical(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong m = ShiftedOperand(v, d);
        uint raw = d->Raw;
        if (((raw >> 21) & 1) != 0)
        {
            m = ~m;
        }

        ulong n = v.X[d->Rn];
        ulong r = ((raw >> 29) & 3) switch
        {
            0 or 3 => n & m,
            1 => n | m,
            _ => n ^ m,
        };
        if (d->Flags == 0)
        {
            r = (uint)r;
        }

        if (((raw >> 29) & 3) == 3)
        {
            v.State.Nzcv = d->Flags != 0 ? Alu.LogicalFlags64(r) : Alu.LogicalFlags32((uint)r);
        }

        v.WriteX(d->Rd, r);
        return true;
    }

    // ---- With carry, conditional ----

    /// <summary>ADC, ADCS, SBC, SBCS (op = bit 30, S = bit 29).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AddSubCarry(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong n = v.X[d->Rn], m = v.X[d->Rm];
        uint raw = d->Raw;
        if (((raw >> 30) & 1) != 0)
        {
            m = ~m;
        }

        uint carry = (v.State.Nzcv >> 29) & 1;
        uint nzcv;
        ulong r = d->Flags != 0 ? Alu.AddWithCarry64(n, m, carry, out nzcv) : Alu.AddWithCarry32((uint)n, (uint)m, carry, out nzcv);
        if (((raw >> 29) & 1) != 0)
        {
            v.State.Nzcv = nzcv;
        }

        v.WriteX(d->Rd, r);
        return true;
    }

    /// <summary>CCMN/CCMP (register or immediate, bit 11): flags of the compare if cond holds, else #nzcv.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ConditionalCompare(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!Alu.ConditionHolds(d->Option, v.State.Nzcv))
        {
            v.State.Nzcv = (uint)d->Imm2;
            return true;
        }

        uint raw = d->Raw;
        ulong n = v.X[d->Rn];
        ulong m = ((raw >> 11) & 1) != 0 ? d->Imm : v.X[d->Rm];
        bool subtract = ((raw >> 30) & 1) != 0;
        uint nzcv;
        if (d->Flags != 0)
        {
            Alu.AddWithCarry64(n, subtract ? ~m : m, subtract ? 1UL : 0, out nzcv);
        }
        else
        {
            Alu.AddWithCarry32((uint)n, subtract ? ~(uint)m : (uint)m, subtract ? 1u : 0, out nzcv);
        }

        v.State.Nzcv = nzcv;
        return true;
    }

    /// <summary>CSEL, CSINC, CSINV, CSNEG (op = bit 30, o2 = bit 10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ConditionalSelect(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r;
        if (Alu.ConditionHolds(d->Option, v.State.Nzcv))
        {
            r = v.X[d->Rn];
        }
        else
        {
            uint raw = d->Raw;
            r = v.X[d->Rm];
            if (((raw >> 30) & 1) != 0)
            {
                r = ~r;
            }

            if (((raw >> 10) & 1) != 0)
            {
                r++;
            }
        }

        v.WriteX(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    // ---- 1-source ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Rbit(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong x = v.X[d->Rn];
        ulong r = ReverseBits(x);
        v.WriteX(d->Rd, d->Flags != 0 ? r : (uint)(r >> 32));
        return true;
    }

    private static ulong ReverseBits(ulong x)
    {
        x = ((x >> 1) & 0x5555_5555_5555_5555) | ((x & 0x5555_5555_5555_5555) << 1);
        x = ((x >> 2) & 0x3333_3333_3333_3333) | ((x & 0x3333_3333_3333_3333) << 2);
        x = ((x >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((x & 0x0F0F_0F0F_0F0F_0F0F) << 4);
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x);
    }

    /// <summary>REV16: bytes swapped within each halfword.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Rev16(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong x = v.X[d->Rn];
        ulong r = ((x >> 8) & 0x00FF_00FF_00FF_00FF) | ((x & 0x00FF_00FF_00FF_00FF) << 8);
        v.WriteX(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    /// <summary>REV32 (64-bit) and REV (32-bit): bytes swapped within each word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Rev32(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong x = v.X[d->Rn];
        ulong r = ((ulong)System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((uint)(x >> 32)) << 32)
            | System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((uint)x);
        v.WriteX(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    /// <summary>REV (64-bit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Rev64(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteX(d->Rd, System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v.X[d->Rn]));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Clz(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong x = v.X[d->Rn];
        v.WriteX(d->Rd, d->Flags != 0 ? (ulong)BitOperations.LeadingZeroCount(x) : (ulong)BitOperations.LeadingZeroCount((uint)x));
        return true;
    }

    /// <summary>CLS: leading sign bits, not counting the sign bit itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Cls(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong x = v.X[d->Rn];
        ulong r = d->Flags != 0
            ? (ulong)BitOperations.LeadingZeroCount(x ^ (ulong)((long)x >> 1) ) - 1
            : (ulong)BitOperations.LeadingZeroCount((uint)x ^ (uint)((int)(uint)x >> 1)) - 1;
        v.WriteX(d->Rd, r);
        return true;
    }
}
