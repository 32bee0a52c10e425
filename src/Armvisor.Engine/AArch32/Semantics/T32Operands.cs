using Armvisor.Engine.A64.Instructions;
using Armvisor.Engine.Execution;
using LS = Armvisor.Engine.AArch32.Semantics.A32LoadStore;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// Operand preparation of the 32-bit T32 encodings that execute through an A32 operation's handler but whose fields
/// A32 cannot encode (ThumbExpandImm, 12-bit halfword offsets, LSL #0-3 register offsets, a free Rt2, exclusive
/// offsets): each fills the record exactly as the A32 <c>Prepare</c> of the same operation would, so
/// <see cref="A32DataProcessing.Execute"/>, <see cref="A32LoadStore.Single"/> and <see cref="A32Exclusive"/> run
/// unchanged. UNPREDICTABLE field values (DDI0487 F5's "if ... then UNPREDICTABLE" lines: PC or SP where T32 forbids
/// them, write-back to the transfer register) are UNDEFINED here.
/// </summary>
internal static unsafe class T32Operands
{
    /// <summary>The A32 operation code (bits [24:21] of an A32 data-processing word) of T32 op (bits [24:21]).</summary>
    private static readonly sbyte[] s_dataProcessingOperation =
        [0x0, 0xE, 0xC, (sbyte)A32DataProcessing.OrNot, 0x1, -1, -1, -1, 0x4, -1, 0x5, 0x6, -1, 0x2, 0x3, -1];

    /// <summary>
    /// The common part of "Data-processing (modified immediate)" and "(shifted register)" (F3.1): op, S, Rn, Rd. Rd = PC
    /// with S selects TST/TEQ/CMN/CMP; Rn = PC selects MOV/MVN for ORR/ORN; any other use of the PC is UNPREDICTABLE.
    /// </summary>
    private static bool PrepareDataProcessing(uint raw, DecodedInstruction* d)
    {
        uint op = (raw >> 21) & 0xF;
        bool s = (raw & (1u << 20)) != 0;
        int rn = (int)((raw >> 16) & 0xF), rd = (int)((raw >> 8) & 0xF);
        int operation = s_dataProcessingOperation[op];
        if (operation < 0)
        {
            return false;
        }

        if (rd == 15)
        {
            operation = (s, op) switch
            {
                (true, 0x0) => 0x8, // TST
                (true, 0x4) => 0x9, // TEQ
                (true, 0x8) => 0xB, // CMN
                (true, 0xD) => 0xA, // CMP
                _ => -1,
            };
            rd = 0;
        }
        else if (rn == 15)
        {
            operation = op switch { 0x2 => 0xD, 0x3 => 0xF, _ => -1 }; // MOV, MVN
            rn = 0;
        }

        d->Option = (byte)operation;
        d->Flags = s ? (byte)1 : (byte)0;
        d->Rn = (byte)rn;
        d->Rd = (byte)rd;
        return operation >= 0;
    }

    /// <summary>ThumbExpandImm_C (F3.1.x, "Modified immediate constants in T32 instructions"): Imm, and Imm2 = 1 when the
    /// carry out is imm32[31] (the rotated form), 0 when it is C (the replicated forms).</summary>
    public static bool PrepareModifiedImmediate(uint raw, DecodedInstruction* d)
    {
        uint imm12 = (((raw >> 26) & 1) << 11) | (((raw >> 12) & 7) << 8) | (raw & 0xFF);
        uint imm8 = imm12 & 0xFF;
        if ((imm12 >> 10) == 0)
        {
            uint pattern = (imm12 >> 8) & 3;
            if (pattern != 0 && imm8 == 0)
            {
                return false; // UNPREDICTABLE
            }

            d->Imm = pattern switch
            {
                0 => imm8,
                1 => (imm8 << 16) | imm8,
                2 => (imm8 << 24) | (imm8 << 8),
                _ => imm8 * 0x0101_0101u,
            };
            d->Imm2 = 0;
        }
        else
        {
            d->Imm = uint.RotateRight(0x80 | (imm12 & 0x7F), (int)(imm12 >> 7));
            d->Imm2 = 1;
        }

        d->Size = A32DataProcessing.OperandImmediate;
        return PrepareDataProcessing(raw, d);
    }

    /// <summary>Data-processing (shifted register): Rm, shift type and amount imm3:imm2 (DecodeImmShift as in A32).</summary>
    public static bool PrepareShiftedRegister(uint raw, DecodedInstruction* d)
    {
        d->Rm = (byte)(raw & 0xF);
        d->Shift = (byte)((((raw >> 12) & 7) << 2) | ((raw >> 6) & 3));
        d->Ra = (byte)((raw >> 4) & 3);
        d->Size = A32DataProcessing.OperandRegister;
        return PrepareDataProcessing(raw, d) && d->Rm != 15;
    }

    /// <summary>ADDW/SUBW (plain binary immediate, imm12 = i:imm3:imm8, no flags); Rn = PC is ADR (Flags = 1 for SUBW).</summary>
    public static bool PrepareWideImmediate(uint raw, DecodedInstruction* d)
    {
        bool subtract = (raw & (1u << 23)) != 0;
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Rd = (byte)((raw >> 8) & 0xF);
        d->Imm = (((raw >> 26) & 1) << 11) | (((raw >> 12) & 7) << 8) | (raw & 0xFF);
        if (d->Rn == 15)
        {
            d->Handler = &T32Branch.Address;
            d->Flags = subtract ? (byte)1 : (byte)0;
            return d->Rd != 15;
        }

        d->Option = subtract ? (byte)0x2 : (byte)0x4;
        d->Imm2 = 0;
        d->Size = A32DataProcessing.OperandImmediate;
        return d->Rd != 15;
    }

    /// <summary>MOVW/MOVT: Imm = imm4:i:imm3:imm8.</summary>
    public static bool PrepareMoveWide(uint raw, DecodedInstruction* d)
    {
        d->Rd = (byte)((raw >> 8) & 0xF);
        d->Imm = (((raw >> 16) & 0xF) << 12) | (((raw >> 26) & 1) << 11) | (((raw >> 12) & 7) << 8) | (raw & 0xFF);
        return d->Rd != 15;
    }

    /// <summary>The size and direction of a T32 single load/store: S (bit 24), size (bits [22:21]), L (bit 20).</summary>
    private static bool PrepareSingle(uint raw, DecodedInstruction* d, byte addressing)
    {
        bool signExtend = (raw & (1u << 24)) != 0, load = (raw & (1u << 20)) != 0;
        uint size = (raw >> 21) & 3;
        if (size == 3 || (signExtend && (size == 2 || !load)))
        {
            return false;
        }

        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Size = (byte)(1 << (int)size);
        d->Flags = (byte)(addressing | (load ? LS.Load : 0) | (signExtend ? LS.SignExtend : 0));
        if (d->Rn == 15)
        {
            // The literal forms: LDR{B,H,SB,SH} Rt, [PC, #+/-imm12] (U = bit 23); stores to a literal are UNDEFINED.
            d->Imm = raw & 0xFFF;
            d->Flags = (byte)(LS.PreIndex | ((raw & (1u << 23)) != 0 ? LS.Add : 0) | (load ? LS.Load : 0) | (signExtend ? LS.SignExtend : 0));
            return load && PreloadOrLoad(d);
        }

        if ((d->Flags & LS.WriteBack) != 0 && d->Rn == d->Rd)
        {
            return false;
        }

        return load ? PreloadOrLoad(d) : d->Rd != 15;
    }

    /// <summary>A byte or halfword load to the PC is PLD/PLI or a memory hint: a NOP here (only for offset addressing).</summary>
    private static bool PreloadOrLoad(DecodedInstruction* d)
    {
        if (d->Rd != 15 || d->Size == 4)
        {
            return true;
        }

        d->Handler = &HintInstructions.Nop;
        return (d->Flags & (LS.WriteBack | LS.Unprivileged)) == 0;
    }

    /// <summary>LDR/STR (immediate, T32 imm12 form): offset addressing, add.</summary>
    public static bool PrepareSingleImmediate12(uint raw, DecodedInstruction* d)
    {
        d->Imm = raw & 0xFFF;
        return PrepareSingle(raw, d, LS.PreIndex | LS.Add);
    }

    /// <summary>LDR/STR (immediate, imm8 form): P U W in bits [10:8]; PUW = 110 is the unprivileged LDRT/STRT family, P = W = 0
    /// UNDEFINED.</summary>
    public static bool PrepareSingleImmediate8(uint raw, DecodedInstruction* d)
    {
        bool p = (raw & (1u << 10)) != 0, u = (raw & (1u << 9)) != 0, w = (raw & (1u << 8)) != 0;
        d->Imm = raw & 0xFF;
        if (((raw >> 16) & 0xF) != 15 && !p && !w)
        {
            return false;
        }

        bool unprivileged = p && u && !w;
        byte addressing = (byte)((p ? LS.PreIndex : 0) | (u ? LS.Add : 0) | (w ? LS.WriteBack : 0) | (unprivileged ? LS.Unprivileged : 0));
        return PrepareSingle(raw, d, addressing);
    }

    /// <summary>LDR/STR (register): [Rn, Rm, LSL #imm2]; bits [11:6] must be zero.</summary>
    public static bool PrepareSingleRegister(uint raw, DecodedInstruction* d)
    {
        if (((raw >> 16) & 0xF) == 15)
        {
            return PrepareSingle(raw, d, 0);
        }

        d->Rm = (byte)(raw & 0xF);
        d->Shift = (byte)((raw >> 4) & 3);
        d->Ra = 0; // LSL
        return ((raw >> 6) & 0x3F) == 0 && PrepareSingle(raw, d, LS.PreIndex | LS.Add | LS.RegisterOffset) && d->Rm is not 13 and not 15;
    }

    /// <summary>LDRD/STRD (immediate and literal): P U W L in bits [24:21]/[20], Rt, Rt2 (in Option), imm8:'00'.</summary>
    public static bool PrepareDual(uint raw, DecodedInstruction* d)
    {
        bool p = (raw & (1u << 24)) != 0, u = (raw & (1u << 23)) != 0, w = (raw & (1u << 21)) != 0, load = (raw & (1u << 20)) != 0;
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Option = (byte)((raw >> 8) & 0xF);
        d->Imm = (raw & 0xFF) << 2;
        d->Size = 8;
        d->Flags = (byte)((load ? LS.Load : 0) | (p ? LS.PreIndex : 0) | (u ? LS.Add : 0) | (w ? LS.WriteBack : 0));
        if (d->Rd is 13 or 15 || d->Option is 13 or 15 || (load && d->Rd == d->Option))
        {
            return false;
        }

        if (d->Rn == 15)
        {
            return load && !w; // LDRD (literal)
        }

        return !w || (d->Rn != d->Rd && d->Rn != d->Option);
    }

    /// <summary>LDREX/STREX (word, with imm8:'00'): Rn, Rt (Rd), the status register (Rm) of STREX.</summary>
    public static bool PrepareExclusiveWord(uint raw, DecodedInstruction* d)
    {
        bool load = (raw & (1u << 20)) != 0;
        d->Size = 4;
        d->Imm = (raw & 0xFF) << 2;
        return PrepareExclusive(raw, d, load, (byte)((raw >> 8) & 0xF));
    }

    /// <summary>LDREXB/H/D, STREXB/H/D: size in bits [5:4] (00 B, 01 H, 11 D), Rt2 in bits [11:8], STREX's status in [3:0].</summary>
    public static bool PrepareExclusiveSized(uint raw, DecodedInstruction* d)
    {
        bool load = (raw & (1u << 20)) != 0;
        d->Size = ((raw >> 4) & 3) switch { 0 => 1, 1 => 2, _ => 8 };
        d->Ra = (byte)((raw >> 8) & 0xF);
        if (d->Size == 8 && (d->Ra is 13 or 15 || d->Ra == ((raw >> 12) & 0xF)))
        {
            return false;
        }

        return PrepareExclusive(raw, d, load, (byte)(raw & 0xF));
    }

    private static bool PrepareExclusive(uint raw, DecodedInstruction* d, bool load, byte status)
    {
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Rd = (byte)((raw >> 12) & 0xF);
        if (!load)
        {
            d->Rm = status;
            if (d->Rm is 13 or 15 || d->Rm == d->Rn || d->Rm == d->Rd || (d->Size == 8 && d->Rm == d->Ra))
            {
                return false;
            }
        }

        return d->Rn != 15 && d->Rd is not 13 and not 15;
    }
}
