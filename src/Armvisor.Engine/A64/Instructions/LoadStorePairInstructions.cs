using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>
/// Load/store pair (DDI0487 C4.1.88, "Load/store register pair"): LDP, STP, LDPSW, LDNP, STNP and their SIMD&amp;FP
/// forms, in offset, pre-index and post-index modes. Both elements are read before any register is written.
/// </summary>
internal static unsafe class LoadStorePairInstructions
{
    /// <summary>opc:2 101 V:1 0 mode:2 L:1 imm7:7 Rt2:5 Rn:5 Rt:5 — scaled offset, write-back per mode (00 non-temporal, 01 post, 10 offset, 11 pre).</summary>
    public static bool PreparePair(uint raw, DecodedInstruction* d)
    {
        int opc = (int)(raw >> 30);
        bool simd = ((raw >> 26) & 1) != 0;
        int scale = simd ? 2 + opc : 2 + (opc >> 1);
        d->Imm = (ulong)(((long)((raw >> 15) & 0x7F) << 57) >> 57) << scale;
        d->Size = (byte)(1 << scale);
        int mode = (int)(raw >> 23) & 3;
        d->Flags = mode switch
        {
            1 => InstructionFlags.WriteBack | InstructionFlags.PostIndex,
            3 => InstructionFlags.WriteBack,
            _ => 0,
        };
        return true;
    }

    private static bool Address(InterpreterVcpu v, DecodedInstruction* d, out ulong address)
    {
        if (!v.TryReadBase(d, out address))
        {
            return false;
        }

        if ((d->Flags & InstructionFlags.PostIndex) == 0)
        {
            address += d->Imm;
        }

        return true;
    }

    private static void WriteBack(InterpreterVcpu v, DecodedInstruction* d, ulong address)
    {
        if ((d->Flags & InstructionFlags.WriteBack) != 0)
        {
            v.WriteXOrSp(d->Rn, (d->Flags & InstructionFlags.PostIndex) != 0 ? address + d->Imm : address);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool StpWord(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!Address(v, d, out ulong a)
            || !v.TryWrite(a, d, (uint)v.X[d->Rd]) || !v.TryWrite(a + 4, d, (uint)v.X[d->Ra]))
        {
            return false;
        }

        WriteBack(v, d, a);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool StpDoubleword(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!Address(v, d, out ulong a)
            || !v.TryWrite(a, d, v.X[d->Rd]) || !v.TryWrite(a + 8, d, v.X[d->Ra]))
        {
            return false;
        }

        WriteBack(v, d, a);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LdpWord(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!Address(v, d, out ulong a) || !v.TryRead(a, d, out uint t1) || !v.TryRead(a + 4, d, out uint t2))
        {
            return false;
        }

        v.WriteX(d->Rd, t1);
        v.WriteX(d->Ra, t2);
        WriteBack(v, d, a);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LdpDoubleword(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!Address(v, d, out ulong a) || !v.TryRead(a, d, out ulong t1) || !v.TryRead(a + 8, d, out ulong t2))
        {
            return false;
        }

        v.WriteX(d->Rd, t1);
        v.WriteX(d->Ra, t2);
        WriteBack(v, d, a);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ldpsw(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!Address(v, d, out ulong a) || !v.TryRead(a, d, out int t1) || !v.TryRead(a + 4, d, out int t2))
        {
            return false;
        }

        v.WriteX(d->Rd, (ulong)(long)t1);
        v.WriteX(d->Ra, (ulong)(long)t2);
        WriteBack(v, d, a);
        return true;
    }

    /// <summary>STP St/Dt/Qt: element size from <see cref="DecodedInstruction.Size"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool StpSimd(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d) || !Address(v, d, out ulong a))
        {
            return false;
        }

        int size = d->Size;
        bool ok = size switch
        {
            4 => v.TryWrite(a, d, (uint)v.V[2 * d->Rd]) && v.TryWrite(a + 4, d, (uint)v.V[2 * d->Ra]),
            8 => v.TryWrite(a, d, v.V[2 * d->Rd]) && v.TryWrite(a + 8, d, v.V[2 * d->Ra]),
            _ => v.TryWrite(a, d, new UInt128(v.V[(2 * d->Rd) + 1], v.V[2 * d->Rd]))
                && v.TryWrite(a + 16, d, new UInt128(v.V[(2 * d->Ra) + 1], v.V[2 * d->Ra])),
        };
        if (!ok)
        {
            return false;
        }

        WriteBack(v, d, a);
        return true;
    }

    /// <summary>LDP St/Dt/Qt: each register's unused upper bits are zeroed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LdpSimd(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d) || !Address(v, d, out ulong a))
        {
            return false;
        }

        UInt128 t1, t2;
        switch (d->Size)
        {
            case 4:
                if (!v.TryRead(a, d, out uint w1) || !v.TryRead(a + 4, d, out uint w2))
                {
                    return false;
                }

                (t1, t2) = (w1, w2);
                break;
            case 8:
                if (!v.TryRead(a, d, out ulong x1) || !v.TryRead(a + 8, d, out ulong x2))
                {
                    return false;
                }

                (t1, t2) = (x1, x2);
                break;
            default:
                if (!v.TryRead(a, d, out t1) || !v.TryRead(a + 16, d, out t2))
                {
                    return false;
                }

                break;
        }

        v.V[2 * d->Rd] = (ulong)t1;
        v.V[(2 * d->Rd) + 1] = (ulong)(t1 >> 64);
        v.V[2 * d->Ra] = (ulong)t2;
        v.V[(2 * d->Ra) + 1] = (ulong)(t2 >> 64);
        WriteBack(v, d, a);
        return true;
    }
}
