using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;
using static Armvisor.Engine.AArch32.Semantics.NeonOperands;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as NeonOperands.
/// <summary>
/// Advanced SIMD moves and permutations (DDI0487 F5.1): VMOV/VMVN/VORR/VBIC (immediate, AdvSIMDExpandImm), VDUP from
/// a core register or a scalar, VEXT, VTBL/VTBX.
/// </summary>
internal static unsafe class NeonPermute
{
    /// <summary>One register and a modified immediate: Imm = the 64-bit expansion, Option 0 VMOV, 1 VMVN, 2 VORR, 3 VBIC.</summary>
    public static bool PrepareModifiedImmediate(uint raw, DecodedInstruction* d)
    {
        d->Rd = VfpOperands.RegisterD(raw, true);
        bool q = (raw & (1u << 6)) != 0, op = (raw & (1u << 5)) != 0;
        d->Flags = q ? Quad : (byte)0;
        uint imm8 = ((raw >> 17) & 0x80) | ((raw >> 12) & 0x70) | (raw & 0xF);
        int cmode = (int)((raw >> 8) & 0xF);
        if (q && (d->Rd & 1) != 0 || (cmode == 15 && op))
        {
            return false;
        }

        bool logical = (cmode & 1) != 0 && cmode < 12;
        d->Option = (byte)(logical ? (op ? 3 : 2) : (op && cmode != 14 ? 1 : 0));
        d->Imm = ExpandImmediate(op, cmode, imm8);
        return true;
    }

    /// <summary>AdvSIMDExpandImm (DDI0487 shared pseudocode).</summary>
    public static ulong ExpandImmediate(bool op, int cmode, uint imm8)
    {
        ulong i = imm8;
        return (cmode >> 1) switch
        {
            0 => Replicate32(i),
            1 => Replicate32(i << 8),
            2 => Replicate32(i << 16),
            3 => Replicate32(i << 24),
            4 => i * 0x0001_0001_0001_0001UL,
            5 => (i << 8) * 0x0001_0001_0001_0001UL,
            6 => Replicate32((cmode & 1) == 0 ? (i << 8) | 0xFF : (i << 16) | 0xFFFF),
            _ when (cmode & 1) == 0 && !op => i * 0x0101_0101_0101_0101UL,
            _ when (cmode & 1) == 0 => BitsToBytes(imm8),
            _ => Replicate32(FpScalar.ExpandImmediate(imm8, FloatFormat.Single)),
        };
    }

    private static ulong Replicate32(ulong word) => (word & 0xFFFF_FFFF) * 0x0000_0001_0000_0001UL;

    private static ulong BitsToBytes(uint imm8)
    {
        ulong r = 0;
        for (int b = 0; b < 8; b++)
        {
            if ((imm8 & (1u << b)) != 0)
            {
                r |= 0xFFUL << (8 * b);
            }
        }

        return r;
    }

    public static bool ModifiedImmediate(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        int count = IsQuad(d) ? 2 : 1;
        for (int i = 0; i < count; i++)
        {
            ulong old = v.ReadD(d->Rd + i);
            v.WriteD(d->Rd + i, d->Option switch
            {
                0 => d->Imm,
                1 => ~d->Imm,
                2 => old | d->Imm,
                _ => old & ~d->Imm,
            });
        }

        return true;
    }

    /// <summary>VDUP (core register): b:e = 00 word, 01 halfword, 10 byte; Rt = PC and b:e = 11 are UNDEFINED.</summary>
    public static bool PrepareDuplicateCore(uint raw, DecodedInstruction* d)
    {
        d->Rd = VfpOperands.RegisterN(raw, true); // D:Vd with Vd in [19:16], D in bit 7
        d->Rm = (byte)((raw >> 12) & 0xF);
        bool q = (raw & (1u << 21)) != 0;
        d->Flags = q ? Quad : (byte)0;
        int be = (int)(((raw >> 21) & 2) | ((raw >> 5) & 1));
        d->Size = (byte)(be switch { 0 => 2, 1 => 1, _ => 0 });
        return be != 3 && d->Rm != 15 && (!q || (d->Rd & 1) == 0);
    }

    public static bool DuplicateCore(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        ulong value = NeonStructureTransfer.Replicate(v.R(d, d->Rm), 1 << d->Size);
        v.WriteD(d->Rd, value);
        if (IsQuad(d))
        {
            v.WriteD(d->Rd + 1, value);
        }

        return true;
    }

    /// <summary>VDUP (scalar): imm4 (bits [19:16]) xxx1 byte, xx10 halfword, x100 word (x000 UNDEFINED); Shift = index.</summary>
    public static bool PrepareDuplicateScalar(uint raw, DecodedInstruction* d)
    {
        d->Rd = VfpOperands.RegisterD(raw, true);
        d->Rm = VfpOperands.RegisterM(raw, true);
        bool q = (raw & (1u << 6)) != 0;
        d->Flags = q ? Quad : (byte)0;
        int imm4 = (int)((raw >> 16) & 0xF);
        int size = (imm4 & 1) != 0 ? 0 : (imm4 & 2) != 0 ? 1 : (imm4 & 4) != 0 ? 2 : 3;
        d->Size = (byte)size;
        d->Shift = (byte)(imm4 >> (size + 1));
        return size != 3 && (!q || (d->Rd & 1) == 0);
    }

    public static bool DuplicateScalar(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        ulong value = NeonStructureTransfer.Replicate(Get(Pointer(v, d->Rm), d->Shift, d->Size), 1 << d->Size);
        v.WriteD(d->Rd, value);
        if (IsQuad(d))
        {
            v.WriteD(d->Rd + 1, value);
        }

        return true;
    }

    /// <summary>VEXT: bytes imm4.. of Vm:Vn; Q = 0 with imm4 &gt; 7 is UNDEFINED. Shift = imm4.</summary>
    public static bool PrepareExtract(uint raw, DecodedInstruction* d)
    {
        d->Shift = (byte)((raw >> 8) & 0xF);
        return ThreeRegisters(raw, d) && (IsQuad(d) || d->Shift < 8);
    }

    public static bool Extract(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        int bytes = Bytes(d);
        byte* concatenated = stackalloc byte[32];
        Buffer.MemoryCopy(Pointer(v, d->Rn), concatenated, 32, bytes);
        Buffer.MemoryCopy(Pointer(v, d->Rm), concatenated + bytes, 16, bytes);
        Store(v, d->Rd, concatenated + d->Shift, bytes);
        return true;
    }

    /// <summary>VTBL/VTBX: len (bits [9:8]) + 1 table registers from Dn (beyond D31 UNDEFINED), op (bit 6) = VTBX.</summary>
    public static bool PrepareTable(uint raw, DecodedInstruction* d)
    {
        d->Rd = VfpOperands.RegisterD(raw, true);
        d->Rn = VfpOperands.RegisterN(raw, true);
        d->Rm = VfpOperands.RegisterM(raw, true);
        d->Size = (byte)(((raw >> 8) & 3) + 1);
        d->Flags = (byte)((raw >> 6) & 1);
        return d->Rn + d->Size <= 32;
    }

    public static bool Table(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        byte* table = stackalloc byte[32];
        Buffer.MemoryCopy(Pointer(v, d->Rn), table, 32, 8 * d->Size);
        ulong indices = v.ReadD(d->Rm), old = v.ReadD(d->Rd), result = 0;
        for (int i = 0; i < 8; i++)
        {
            int index = (int)((indices >> (8 * i)) & 0xFF);
            ulong b = index < 8 * d->Size ? table[index] : d->Flags != 0 ? (old >> (8 * i)) & 0xFF : 0;
            result |= b << (8 * i);
        }

        v.WriteD(d->Rd, result);
        return true;
    }
}
