using System.Runtime.Intrinsics;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD permute, extract, table lookup and copy (DDI0487 C4.1.95 "Advanced SIMD permute", "extract", "table lookup",
/// "copy", "scalar copy"): UZP1/2, TRN1/2, ZIP1/2, EXT, TBL/TBX, DUP (element, general), INS (element, general), UMOV, SMOV.
/// </summary>
internal static unsafe class SimdPermute
{
    /// <summary>Permute kind in <see cref="DecodedInstruction.Option"/>: opcode&lt;1:0&gt; (1 UZP, 2 TRN, 3 ZIP), part in Shift.</summary>
    public static bool PreparePermute(uint raw, DecodedInstruction* d)
    {
        if (!SimdPrepare.Vector(raw, d))
        {
            return false;
        }

        d->Option = (byte)((raw >> 12) & 3);
        d->Shift = (byte)((raw >> 14) & 1);
        return true;
    }

    public static bool Permute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn), m = Pointer(v, d->Rm);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        int count = Elements(d), size = d->Size, half = count / 2, part = d->Shift;
        for (int i = 0; i < count; i++)
        {
            ulong value;
            switch (d->Option)
            {
                case 1: // UZP: even (part 0) or odd (part 1) elements of the concatenation Vm:Vn.
                    int j = (2 * i) + part;
                    value = j < count ? Get(n, j, size) : Get(m, j - count, size);
                    break;
                case 2: // TRN: pairs (Vn[2p+part], Vm[2p+part]).
                    int p = (i & ~1) + part;
                    value = (i & 1) == 0 ? Get(n, p, size) : Get(m, p, size);
                    break;
                default: // ZIP: interleave the low (part 0) or high (part 1) halves.
                    int k = (i >> 1) + (part * half);
                    value = (i & 1) == 0 ? Get(n, k, size) : Get(m, k, size);
                    break;
            }

            Set((byte*)r, i, size, value);
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    /// <summary>EXT: imm4 is the byte position; with Q = 0, imm4&lt;3&gt; must be 0.</summary>
    public static bool PrepareExtract(uint raw, DecodedInstruction* d)
    {
        d->Flags = (byte)(((raw >> 30) & 1) != 0 ? SimdFlags.Q : 0);
        d->Shift = (byte)((raw >> 11) & 0xF);
        return (d->Flags & SimdFlags.Q) != 0 || d->Shift < 8;
    }

    /// <summary>EXT Vd, Vn, Vm, #imm: bytes imm.. of the concatenation Vm:Vn.</summary>
    public static bool Extract(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        // Byte i of the result is byte i + imm of Vm:Vn; Shuffle gives 0 for out-of-range indices, so each source
        // contributes exactly its own bytes.
        Vector128<byte> n = Read(v, d->Rn), m = Read(v, d->Rm);
        Vector128<byte> index = Vector128<byte>.Indices + Vector128.Create(d->Shift);
        Vector128<byte> result = (d->Flags & SimdFlags.Q) != 0
            ? Vector128.Shuffle(n, index) | Vector128.Shuffle(m, index - Vector128.Create((byte)16))
            : Vector128.Shuffle(Vector128.Create(n.GetLower(), m.GetLower()), index);
        WriteVector(v, d, result);
        return true;
    }

    /// <summary>TBL/TBX: len + 1 table registers in Shift, op (1 = TBX) in Option.</summary>
    public static bool PrepareTable(uint raw, DecodedInstruction* d)
    {
        d->Flags = (byte)(((raw >> 30) & 1) != 0 ? SimdFlags.Q : 0);
        d->Shift = (byte)(((raw >> 13) & 3) + 1);
        d->Option = (byte)((raw >> 12) & 1);
        return true;
    }

    /// <summary>TBL/TBX: each index byte of Vm selects a byte of the table Vn..Vn+len (registers wrap modulo 32).</summary>
    public static bool Table(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        if (d->Shift == 1)
        {
            // One table register: Shuffle gives 0 for indices >= 16 (TBL); TBX keeps Vd there.
            Vector128<byte> index = Read(v, d->Rm), looked = Vector128.Shuffle(Read(v, d->Rn), index);
            if (d->Option != 0)
            {
                looked = Vector128.ConditionalSelect(Vector128.LessThan(index, Vector128.Create((byte)16)), looked, Read(v, d->Rd));
            }

            WriteVector(v, d, looked);
            return true;
        }

        byte* indices = Pointer(v, d->Rm);
        byte* original = Pointer(v, d->Rd);
        int bytes = (d->Flags & SimdFlags.Q) != 0 ? 16 : 8;
        int tableBytes = 16 * d->Shift;
        byte* r = stackalloc byte[16];
        ((ulong*)r)[1] = 0;
        for (int i = 0; i < bytes; i++)
        {
            int index = indices[i];
            if (index < tableBytes)
            {
                r[i] = Pointer(v, (d->Rn + (index >> 4)) & 31)[index & 15];
            }
            else
            {
                r[i] = d->Option != 0 ? original[i] : (byte)0;
            }
        }

        v.V[2 * d->Rd] = ((ulong*)r)[0];
        v.V[(2 * d->Rd) + 1] = ((ulong*)r)[1];
        return true;
    }

    /// <summary>
    /// Copy group: imm5 gives the element size (lowest set bit) and index (the bits above it), imm4 the source index of
    /// INS (element). imm5 = x0000 is reserved. Size in Size, index in Imm, source index in Imm2.
    /// </summary>
    private static bool DecodeImm5(uint raw, DecodedInstruction* d)
    {
        uint imm5 = (raw >> 16) & 0x1F;
        if ((imm5 & 0xF) == 0)
        {
            return false;
        }

        int size = System.Numerics.BitOperations.TrailingZeroCount(imm5);
        d->Size = (byte)size;
        d->Imm = imm5 >> (size + 1);
        d->Imm2 = ((raw >> 11) & 0xF) >> size;
        d->Flags = (byte)(((raw >> 30) & 1) != 0 ? SimdFlags.Q : 0);
        return true;
    }

    /// <summary>DUP (element/general) vector: 64-bit elements need Q = 1.</summary>
    public static bool PrepareDup(uint raw, DecodedInstruction* d) => DecodeImm5(raw, d) && (d->Size != 3 || (d->Flags & SimdFlags.Q) != 0);

    public static bool PrepareIns(uint raw, DecodedInstruction* d) => DecodeImm5(raw, d);

    /// <summary>UMOV: Q = 0 for B/H/S (to Wd), Q = 1 for D (to Xd).</summary>
    public static bool PrepareUmov(uint raw, DecodedInstruction* d) => DecodeImm5(raw, d) && ((d->Flags & SimdFlags.Q) != 0) == (d->Size == 3);

    /// <summary>SMOV: Q = 0 for B/H to Wd, Q = 1 for B/H/S to Xd.</summary>
    public static bool PrepareSmov(uint raw, DecodedInstruction* d) =>
        DecodeImm5(raw, d) && ((d->Flags & SimdFlags.Q) != 0 ? d->Size <= 2 : d->Size <= 1);

    private static ulong Replicate(ulong element, int size) => size switch
    {
        0 => element * 0x0101_0101_0101_0101UL,
        1 => element * 0x0001_0001_0001_0001UL,
        2 => element * 0x0000_0001_0000_0001UL,
        _ => element,
    };

    private static bool WriteReplicated(InterpreterVcpu v, DecodedInstruction* d, ulong element)
    {
        ulong pattern = Replicate(element, d->Size);
        v.V[2 * d->Rd] = pattern;
        v.V[(2 * d->Rd) + 1] = (d->Flags & SimdFlags.Q) != 0 ? pattern : 0;
        return true;
    }

    public static bool DupElement(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && WriteReplicated(v, d, Get(Pointer(v, d->Rn), (int)d->Imm, d->Size));

    public static bool DupGeneral(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && WriteReplicated(v, d, v.X[d->Rn] & Mask(8 << d->Size));

    /// <summary>DUP (element), scalar form (MOV Bd/Hd/Sd/Dd, Vn.T[i]).</summary>
    public static bool DupScalar(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        WriteScalar(v, d->Rd, Get(Pointer(v, d->Rn), (int)d->Imm, d->Size));
        return true;
    }

    /// <summary>INS (general): Vd.T[index] = Xn; the other elements are unchanged.</summary>
    public static bool InsertGeneral(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        Set(Pointer(v, d->Rd), (int)d->Imm, d->Size, v.X[d->Rn]);
        return true;
    }

    /// <summary>INS (element): Vd.T[index1] = Vn.T[index2].</summary>
    public static bool InsertElement(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        Set(Pointer(v, d->Rd), (int)d->Imm, d->Size, Get(Pointer(v, d->Rn), (int)d->Imm2, d->Size));
        return true;
    }

    public static bool Umov(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        v.WriteX(d->Rd, Get(Pointer(v, d->Rn), (int)d->Imm, d->Size));
        return true;
    }

    public static bool Smov(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        long value = GetSigned(Pointer(v, d->Rn), (int)d->Imm, d->Size);
        v.WriteX(d->Rd, (d->Flags & SimdFlags.Q) != 0 ? (ulong)value : (uint)value);
        return true;
    }
}
