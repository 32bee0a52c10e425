using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>Data processing, immediate (DDI0487 C4.1.86): add/sub, logical, move wide, bitfield, extract, PC-relative.</summary>
internal static unsafe class DataProcessingImmediate
{
    // ---- Prepare: operands computed once at decode time ----

    /// <summary>ADD/SUB (immediate): imm12, LSL #12 when sh.</summary>
    public static bool PrepareAddSub(uint raw, DecodedInstruction* d)
    {
        d->Flags = (byte)(raw >> 31);
        d->Imm = ((raw >> 10) & 0xFFF) << (((raw >> 22) & 1) != 0 ? 12 : 0);
        return true;
    }

    /// <summary>Logical (immediate): the DecodeBitMasks wmask; N=1 with sf=0 is unallocated.</summary>
    public static bool PrepareLogical(uint raw, DecodedInstruction* d)
    {
        bool sf = (raw >> 31) != 0;
        int n = (int)(raw >> 22) & 1;
        if (!sf && n != 0)
        {
            return false;
        }

        d->Flags = (byte)(sf ? 1 : 0);
        if (!Alu.DecodeBitMasks(n, (int)(raw >> 10) & 0x3F, (int)(raw >> 16) & 0x3F, true, sf ? 64 : 32, out ulong wmask, out _))
        {
            return false;
        }

        d->Imm = wmask;
        return true;
    }

    /// <summary>Move wide: imm16 LSL hw*16; hw >= 2 with sf=0 is unallocated.</summary>
    public static bool PrepareMoveWide(uint raw, DecodedInstruction* d)
    {
        bool sf = (raw >> 31) != 0;
        int hw = (int)(raw >> 21) & 3;
        if (!sf && hw >= 2)
        {
            return false;
        }

        d->Flags = (byte)(sf ? 1 : 0);
        d->Shift = (byte)(hw * 16);
        d->Imm = (ulong)((raw >> 5) & 0xFFFF) << (hw * 16);
        return true;
    }

    /// <summary>Bitfield: N must equal sf, and immr/imms below 32 when sf=0; Imm = wmask, Imm2 = tmask.</summary>
    public static bool PrepareBitfield(uint raw, DecodedInstruction* d)
    {
        bool sf = (raw >> 31) != 0;
        int n = (int)(raw >> 22) & 1;
        int immr = (int)(raw >> 16) & 0x3F, imms = (int)(raw >> 10) & 0x3F;
        if (n != (sf ? 1 : 0) || (!sf && (immr >= 32 || imms >= 32)))
        {
            return false;
        }

        if (!Alu.DecodeBitMasks(n, imms, immr, false, sf ? 64 : 32, out ulong wmask, out ulong tmask))
        {
            return false;
        }

        d->Flags = (byte)(sf ? 1 : 0);
        d->Imm = wmask;
        d->Imm2 = tmask;
        d->Shift = (byte)immr;
        d->Option = (byte)imms;
        return true;
    }

    /// <summary>EXTR: N must equal sf; imms below 32 when sf=0.</summary>
    public static bool PrepareExtract(uint raw, DecodedInstruction* d)
    {
        bool sf = (raw >> 31) != 0;
        int n = (int)(raw >> 22) & 1;
        int imms = (int)(raw >> 10) & 0x3F;
        if (n != (sf ? 1 : 0) || (!sf && imms >= 32))
        {
            return false;
        }

        d->Flags = (byte)(sf ? 1 : 0);
        d->Shift = (byte)imms;
        return true;
    }

    /// <summary>ADR: PC + sext(immhi:immlo).</summary>
    public static bool PrepareAdr(uint raw, DecodedInstruction* d)
    {
        long imm = ((long)(((raw >> 5) & 0x7FFFF) << 2 | ((raw >> 29) & 3)) << 43) >> 43;
        d->Imm = d->Pc + (ulong)imm;
        return true;
    }

    /// <summary>ADRP: the 4K page of PC + sext(immhi:immlo) * 4096.</summary>
    public static bool PrepareAdrp(uint raw, DecodedInstruction* d)
    {
        long imm = ((long)(((raw >> 5) & 0x7FFFF) << 2 | ((raw >> 29) & 3)) << 43) >> 43;
        d->Imm = (d->Pc & ~0xFFFUL) + (ulong)(imm << 12);
        return true;
    }

    // ---- Handlers ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AddImm(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.ReadXOrSp(d->Rn) + d->Imm;
        v.WriteXOrSp(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SubImm(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.ReadXOrSp(d->Rn) - d->Imm;
        v.WriteXOrSp(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AddsImm(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong n = v.ReadXOrSp(d->Rn);
        uint nzcv;
        ulong r = d->Flags != 0 ? Alu.AddWithCarry64(n, d->Imm, 0, out nzcv) : Alu.AddWithCarry32((uint)n, (uint)d->Imm, 0, out nzcv);
        v.State.Nzcv = nzcv;
        v.WriteX(d->Rd, r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SubsImm(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong n = v.ReadXOrSp(d->Rn);
        uint nzcv;
        ulong r = d->Flags != 0 ? Alu.AddWithCarry64(n, ~d->Imm, 1, out nzcv) : Alu.AddWithCarry32((uint)n, ~(uint)d->Imm, 1, out nzcv);
        v.State.Nzcv = nzcv;
        v.WriteX(d->Rd, r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AndImm(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteXOrSp(d->Rd, v.X[d->Rn] & d->Imm);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool OrrImm(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.X[d->Rn] | d->Imm;
        v.WriteXOrSp(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool EorImm(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.X[d->Rn] ^ d->Imm;
        v.WriteXOrSp(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AndsImm(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = v.X[d->Rn] & d->Imm;
        v.State.Nzcv = d->Flags != 0 ? Alu.LogicalFlags64(r) : Alu.LogicalFlags32((uint)r);
        v.WriteX(d->Rd, r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Movn(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = ~d->Imm;
        v.WriteX(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Movz(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteX(d->Rd, d->Imm);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Movk(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong r = (v.X[d->Rd] & ~(0xFFFFUL << d->Shift)) | d->Imm;
        v.WriteX(d->Rd, d->Flags != 0 ? r : (uint)r);
        return true;
    }

    /// <summary>SBFM (DDI0487 C6.2.253): bits = ROR(src, R) AND wmask, top = Replicate(src[S]), result = (top AND NOT tmask) OR (bits AND tmask).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Sbfm(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong src = v.X[d->Rn];
        ulong r;
        if (d->Flags != 0)
        {
            ulong bot = ulong.RotateRight(src, d->Shift) & d->Imm;
            ulong top = ((src >> d->Option) & 1) != 0 ? ulong.MaxValue : 0;
            r = (top & ~d->Imm2) | (bot & d->Imm2);
        }
        else
        {
            uint s32 = (uint)src;
            uint bot = uint.RotateRight(s32, d->Shift) & (uint)d->Imm;
            uint top = ((s32 >> d->Option) & 1) != 0 ? uint.MaxValue : 0;
            r = (top & ~(uint)d->Imm2) | (bot & (uint)d->Imm2);
        }

        v.WriteX(d->Rd, r);
        return true;
    }

    /// <summary>BFM (DDI0487 C6.2.29): bot = (dst AND NOT wmask) OR (ROR(src, R) AND wmask); result = (dst AND NOT tmask) OR (bot AND tmask).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Bfm(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong src = v.X[d->Rn], dst = v.X[d->Rd];
        ulong r;
        if (d->Flags != 0)
        {
            ulong bot = (dst & ~d->Imm) | (ulong.RotateRight(src, d->Shift) & d->Imm);
            r = (dst & ~d->Imm2) | (bot & d->Imm2);
        }
        else
        {
            uint bot = ((uint)dst & ~(uint)d->Imm) | (uint.RotateRight((uint)src, d->Shift) & (uint)d->Imm);
            r = ((uint)dst & ~(uint)d->Imm2) | (bot & (uint)d->Imm2);
        }

        v.WriteX(d->Rd, r);
        return true;
    }

    /// <summary>UBFM (DDI0487 C6.2.338): ROR(src, R) AND wmask AND tmask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ubfm(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong src = v.X[d->Rn];
        ulong r = d->Flags != 0
            ? ulong.RotateRight(src, d->Shift) & d->Imm & d->Imm2
            : uint.RotateRight((uint)src, d->Shift) & (uint)d->Imm & (uint)d->Imm2;
        v.WriteX(d->Rd, r);
        return true;
    }

    /// <summary>EXTR: the 64 (or 32) bits of Rn:Rm starting at bit lsb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Extr(InterpreterVcpu v, DecodedInstruction* d)
    {
        int lsb = d->Shift;
        ulong n = v.X[d->Rn], m = v.X[d->Rm];
        ulong r;
        if (d->Flags != 0)
        {
            r = lsb == 0 ? m : (m >> lsb) | (n << (64 - lsb));
        }
        else
        {
            ulong concat = ((n & 0xFFFF_FFFF) << 32) | (m & 0xFFFF_FFFF);
            r = (uint)(concat >> lsb);
        }

        v.WriteX(d->Rd, r);
        return true;
    }

    /// <summary>ADR and ADRP: the address computed at decode time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Adr(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteX(d->Rd, d->Imm);
        return true;
    }
}
