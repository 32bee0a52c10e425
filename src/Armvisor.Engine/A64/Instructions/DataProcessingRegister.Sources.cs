using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>Data processing 2- and 3-source: divides, variable shifts, CRC32/CRC32C, multiplies.</summary>
internal static unsafe partial class DataProcessingRegister
{
    /// <summary>UDIV: division by zero gives zero (DDI0487 C6.2.337).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Udiv(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong n = v.X[d->Rn], m = v.X[d->Rm];
        ulong r = d->Flags != 0
            ? (m == 0 ? 0 : n / m)
            : ((uint)m == 0 ? 0 : (uint)n / (uint)m);
        v.WriteX(d->Rd, r);
        return true;
    }

    /// <summary>SDIV: rounds toward zero; by zero gives zero; MIN / -1 gives MIN (DDI0487 C6.2.255).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Sdiv(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r;
        if (d->Flags != 0)
        {
            long n = (long)v.X[d->Rn], m = (long)v.X[d->Rm];
            r = m == 0 ? 0 : (n == long.MinValue && m == -1) ? 0x8000_0000_0000_0000UL : (ulong)(n / m);
        }
        else
        {
            int n = (int)v.X[d->Rn], m = (int)v.X[d->Rm];
            r = m == 0 ? 0 : (n == int.MinValue && m == -1) ? 0x8000_0000UL : (uint)(n / m);
        }

        v.WriteX(d->Rd, r);
        return true;
    }

    /// <summary>LSLV, LSRV, ASRV, RORV: shift type in bits [11:10], amount = Rm modulo the data size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ShiftVariable(InterpreterVcpu v, DecodedInstruction* d)
    {
        int type = (int)(d->Raw >> 10) & 3;
        ulong r = d->Flags != 0
            ? Alu.Shift64(v.X[d->Rn], type, (int)(v.X[d->Rm] & 63))
            : Alu.Shift32((uint)v.X[d->Rn], type, (int)(v.X[d->Rm] & 31));
        v.WriteX(d->Rd, r);
        return true;
    }

    /// <summary>CRC32B/H/W/X and CRC32CB/H/W/X: sz in bits [11:10], C in bit 12; sf must be 1 exactly for the X forms.</summary>
    public static bool PrepareCrc(uint raw, DecodedInstruction* d)
    {
        int sz = (int)(raw >> 10) & 3;
        bool sf = (raw >> 31) != 0;
        if (sf != (sz == 3))
        {
            return false;
        }

        d->Size = (byte)(1 << sz);
        d->Flags = (byte)((raw >> 12) & 1);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Crc32(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint acc = (uint)v.X[d->Rn];
        ulong value = v.X[d->Rm];
        uint[] table = d->Flags != 0 ? Crc32Tables.Castagnoli : Crc32Tables.Ieee;
        for (int i = 0; i < d->Size; i++)
        {
            acc = table[(acc ^ (byte)value) & 0xFF] ^ (acc >> 8);
            value >>= 8;
        }

        v.WriteX(d->Rd, acc);
        return true;
    }

    // ---- 3-source ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Madd(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.X[d->Ra] + (v.X[d->Rn] * v.X[d->Rm]);
        v.WriteX(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Msub(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.X[d->Ra] - (v.X[d->Rn] * v.X[d->Rm]);
        v.WriteX(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Smaddl(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteX(d->Rd, v.X[d->Ra] + (ulong)((long)(int)v.X[d->Rn] * (int)v.X[d->Rm]));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Smsubl(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteX(d->Rd, v.X[d->Ra] - (ulong)((long)(int)v.X[d->Rn] * (int)v.X[d->Rm]));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Umaddl(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteX(d->Rd, v.X[d->Ra] + ((ulong)(uint)v.X[d->Rn] * (uint)v.X[d->Rm]));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Umsubl(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteX(d->Rd, v.X[d->Ra] - ((ulong)(uint)v.X[d->Rn] * (uint)v.X[d->Rm]));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Smulh(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteX(d->Rd, (ulong)Math.BigMul((long)v.X[d->Rn], (long)v.X[d->Rm], out _));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Umulh(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteX(d->Rd, Math.BigMul(v.X[d->Rn], v.X[d->Rm], out _));
        return true;
    }
}
