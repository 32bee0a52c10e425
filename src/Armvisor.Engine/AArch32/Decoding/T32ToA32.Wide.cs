namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>The 32-bit T32 encodings that share their A32 twin's operation (see <see cref="T32ToA32"/>'s other part).</summary>
internal static partial class T32ToA32
{
    private static uint Rn(uint raw) => (raw >> 16) & 0xF;

    private static uint Rd(uint raw) => (raw >> 8) & 0xF;

    private static uint Rm(uint raw) => raw & 0xF;

    private static uint Ra(uint raw) => (raw >> 12) & 0xF;

    /// <summary>imm3:imm2 of the shift and bit-field encodings.</summary>
    private static uint Imm5(uint raw) => (((raw >> 12) & 7) << 2) | ((raw >> 6) & 3);

    /// <summary>SSAT/USAT T1 (sh = 1 with no shift is SSAT16/USAT16, sat_imm in bits [3:0], bits [5:4] zero): saturate_to in bits [4:0].</summary>
    public static uint Saturate(uint raw, T32Context c)
    {
        uint sh = (raw >> 21) & 1;
        if (sh == 1 && Imm5(raw) == 0)
        {
            uint op16 = (raw & (1u << 23)) != 0 ? 0xE6E0_0F30u : 0xE6A0_0F30u;
            return (raw & 0x30) != 0 ? Undefined : op16 | ((raw & 0xF) << 16) | (Rd(raw) << 12) | Rn(raw);
        }

        uint op = (raw & (1u << 23)) != 0 ? 0xE6E0_0010u : 0xE6A0_0010u;
        return op | ((raw & 0x1F) << 16) | (Rd(raw) << 12) | (Imm5(raw) << 7) | (sh << 6) | Rn(raw);
    }

    /// <summary>SBFX/UBFX T1: widthm1 in bits [4:0], lsb = imm3:imm2.</summary>
    public static uint BitfieldExtract(uint raw, T32Context c)
    {
        uint op = (raw & (1u << 23)) != 0 ? 0xE7E0_0050u : 0xE7A0_0050u;
        return op | ((raw & 0x1F) << 16) | (Rd(raw) << 12) | (Imm5(raw) << 7) | Rn(raw);
    }

    /// <summary>BFI/BFC T1 (Rn = PC is BFC): msb in bits [4:0], lsb = imm3:imm2.</summary>
    public static uint BitfieldInsert(uint raw, T32Context c) =>
        0xE7C0_0010 | ((raw & 0x1F) << 16) | (Rd(raw) << 12) | (Imm5(raw) << 7) | Rn(raw);

    /// <summary>PKHBT/PKHTB T1: tb in bit 5 (bit 4, the T32 "T" bit, must be 0).</summary>
    public static uint PackHalfword(uint raw, T32Context c) =>
        (raw & 0x10) != 0 || Rd(raw) == 15 ? Undefined
            : 0xE680_0010 | (Rn(raw) << 16) | (Rd(raw) << 12) | (Imm5(raw) << 7) | (((raw >> 5) & 1) << 6) | Rm(raw);

    /// <summary>LSL/LSR/ASR/ROR (register) T2: MOV{S} Rd, Rn, type Rm.</summary>
    public static uint ShiftRegister(uint raw, T32Context c) =>
        Rd(raw) == 15 || Rn(raw) == 15 || Rm(raw) == 15 ? Undefined
            : 0xE1A0_0010 | (raw & (1u << 20)) | (Rd(raw) << 12) | (Rm(raw) << 8) | (((raw >> 21) & 3) << 5) | Rn(raw);

    /// <summary>SXTAH UXTAH SXTAB16 UXTAB16 SXTAB UXTAB (Rn = PC: the non-accumulating forms) T1/T2, rotate in bits [5:4].</summary>
    public static uint Extend(uint raw, T32Context c)
    {
        uint op = ((raw >> 20) & 7) switch { 0 => 0x6Bu, 1 => 0x6Fu, 2 => 0x68u, 3 => 0x6Cu, 4 => 0x6Au, 5 => 0x6Eu, _ => 0 };
        return op == 0 || Rd(raw) == 15 || Rm(raw) == 15 ? Undefined
            : 0xE000_0070 | (op << 20) | (Rn(raw) << 16) | (Rd(raw) << 12) | (((raw >> 4) & 3) << 10) | Rm(raw);
    }

    /// <summary>QADD QDADD QSUB QDSUB T1 (T32 op order 00 QADD, 01 QDADD, 10 QSUB, 11 QDSUB; A32 op 00, 10, 01, 11).</summary>
    public static uint SaturatingAddSubtract(uint raw, T32Context c)
    {
        uint op = ((raw >> 4) & 3) switch { 0 => 0u, 1 => 2u, 2 => 1u, _ => 3u };
        return 0xE100_0050 | (op << 21) | (Rn(raw) << 16) | (Rd(raw) << 12) | Rm(raw);
    }

    /// <summary>REV REV16 RBIT REVSH T2 (Rm is encoded twice; different values are UNPREDICTABLE).</summary>
    public static uint Reverse(uint raw, T32Context c)
    {
        if (Rn(raw) != Rm(raw))
        {
            return Undefined;
        }

        uint fields = (Rd(raw) << 12) | Rm(raw);
        return ((raw >> 4) & 3) switch
        {
            0 => 0xE6BF_0F30 | fields,
            1 => 0xE6BF_0FB0 | fields,
            2 => 0xE6FF_0F30 | fields,
            _ => 0xE6FF_0FB0 | fields,
        };
    }

    /// <summary>
    /// The parallel add/subtract T1 encodings: T32 op1 (bits [22:20]) selects the A32 op2 (ADD8 100, ADD16 000, ASX 001,
    /// SUB8 111, SUB16 011, SAX 010; 011 and 111 unallocated), U (bit 6) stays U, H:S (bits [5:4]) give A32 bits [21:20]
    /// (00 modulo 01, 01 saturating 10, 10 halving 11; 11 unallocated).
    /// </summary>
    public static uint ParallelArithmetic(uint raw, T32Context c)
    {
        uint op2 = ((raw >> 20) & 7) switch { 0 => 4u, 1 => 0u, 2 => 1u, 4 => 7u, 5 => 3u, 6 => 2u, _ => 8u };
        uint kind = ((raw >> 4) & 3) switch { 0 => 1u, 1 => 2u, 2 => 3u, _ => 0u };
        return op2 == 8 || kind == 0 ? Undefined
            : 0xE600_0F10 | (((raw >> 6) & 1) << 22) | (kind << 20) | (Rn(raw) << 16) | (Rd(raw) << 12) | (op2 << 5) | Rm(raw);
    }

    /// <summary>SEL T1.</summary>
    public static uint Select(uint raw, T32Context c) => 0xE680_0FB0 | (Rn(raw) << 16) | (Rd(raw) << 12) | Rm(raw);

    /// <summary>CLZ T1 (Rm encoded twice).</summary>
    public static uint CountLeadingZeros(uint raw, T32Context c) =>
        Rn(raw) != Rm(raw) ? Undefined : 0xE16F_0F10 | (Rd(raw) << 12) | Rm(raw);

    /// <summary>
    /// "Multiply, multiply accumulate, and absolute difference" (F3.1: op1 in bits [22:20], op2 in [5:4]): MUL MLA MLS,
    /// SMUL/SMLA&lt;x&gt;&lt;y&gt;, SMUAD/SMLAD, SMULW/SMLAW&lt;y&gt;, SMUSD/SMLSD, SMMUL/SMMLA, SMMLS, USAD8/USADA8. Ra = PC selects the
    /// non-accumulating form. T32: Rn [19:16], Ra [15:12], Rd [11:8], Rm [3:0]; A32: Rd [19:16], Ra [15:12], Rm [11:8],
    /// Rn [3:0].
    /// </summary>
    public static uint Multiply(uint raw, T32Context c)
    {
        uint rn = Rn(raw), ra = Ra(raw), rd = Rd(raw), rm = Rm(raw);
        uint op2 = (raw >> 4) & 3, n = (raw >> 5) & 1, m = (raw >> 4) & 1;
        bool accumulate = ra != 15;
        uint fields = (rd << 16) | (rm << 8) | rn | (accumulate ? ra << 12 : 0);
        if (rd == 15 || rn == 15 || rm == 15)
        {
            return Undefined;
        }

        return ((raw >> 20) & 7, op2) switch
        {
            (0, 0) => (accumulate ? 0xE020_0090u : 0xE000_0090u) | fields,
            (0, 1) => accumulate ? 0xE060_0090u | fields : Undefined,
            (1, _) => (accumulate ? 0xE100_0080u : 0xE160_0080u) | fields | (m << 6) | (n << 5),
            (2, 0 or 1) => 0xE700_0010u | fields | (accumulate ? 0 : 0xF000u) | (m << 5),
            (3, 0 or 1) => (accumulate ? 0xE120_0080u : 0xE120_00A0u) | fields | (m << 6),
            (4, 0 or 1) => 0xE700_0050u | fields | (accumulate ? 0 : 0xF000u) | (m << 5),
            (5, 0 or 1) => 0xE750_0010u | fields | (accumulate ? 0 : 0xF000u) | (m << 5),
            (6, 0 or 1) => accumulate ? 0xE750_00D0u | fields | (m << 5) : Undefined,
            (7, 0) => 0xE780_0010u | (rd << 16) | (ra << 12) | (rm << 8) | rn, // USAD8 (Ra = PC), USADA8
            _ => Undefined,
        };
    }

    /// <summary>
    /// "Long multiply, long multiply accumulate, and divide" (op1 in bits [22:20], op2 in [7:4]): SMULL UMULL SMLAL UMLAL
    /// UMAAL SMLAL&lt;x&gt;&lt;y&gt; SMLALD SMLSLD SDIV UDIV. T32: Rn [19:16], RdLo [15:12], RdHi (Rd of SDIV) [11:8], Rm [3:0].
    /// </summary>
    public static uint LongMultiplyDivide(uint raw, T32Context c)
    {
        uint rn = Rn(raw), lo = Ra(raw), hi = Rd(raw), rm = Rm(raw);
        uint op2 = (raw >> 4) & 0xF;
        if (hi == 15 || rn == 15 || rm == 15)
        {
            return Undefined;
        }

        uint longFields = (hi << 16) | (lo << 12) | (rm << 8) | rn;
        if (lo == 15 && op2 != 0xF)
        {
            return Undefined;
        }

        return ((raw >> 20) & 7, op2) switch
        {
            (0, 0x0) => 0xE0C0_0090 | longFields,
            (2, 0x0) => 0xE080_0090 | longFields,
            (4, 0x0) => 0xE0E0_0090 | longFields,
            (6, 0x0) => 0xE0A0_0090 | longFields,
            (6, 0x6) => 0xE040_0090 | longFields,
            (4, >= 0x8 and <= 0xB) => 0xE140_0080 | longFields | (((op2 >> 1) & 1) << 5) | ((op2 & 1) << 6),
            (4, 0xC or 0xD) => 0xE740_0010 | longFields | ((op2 & 1) << 5),
            (5, 0xC or 0xD) => 0xE740_0050 | longFields | ((op2 & 1) << 5),
            (1, 0xF) when lo == 15 => 0xE710_F010 | (hi << 16) | (rm << 8) | rn,
            (3, 0xF) when lo == 15 => 0xE730_F010 | (hi << 16) | (rm << 8) | rn,
            _ => Undefined,
        };
    }

    /// <summary>LDM/STM (IA: op = 01, DB: op = 10) T2: P (bit 15) and M (bit 14) of the list are PC and LR; bit 13 must be 0.</summary>
    public static uint LoadStoreMultiple(uint raw, T32Context c)
    {
        bool load = (raw & (1u << 20)) != 0, writeBack = (raw & (1u << 21)) != 0;
        uint list = raw & 0xFFFF, rn = Rn(raw);
        if ((list & 0x2000) != 0 || rn == 15 || uint.PopCount(list) < 2 || (writeBack && (list & (1u << (int)rn)) != 0))
        {
            return Undefined;
        }

        if (load ? (list & 0xC000) == 0xC000 || ((list & 0x8000) != 0 && c == T32Context.InItBlock) : (list & 0x8000) != 0)
        {
            return Undefined;
        }

        uint form = (raw & (1u << 23)) != 0 ? 0xE880_0000u : 0xE900_0000u; // IA: P=0 U=1; DB: P=1 U=0
        return form | (writeBack ? 1u << 21 : 0) | (load ? 1u << 20 : 0) | (rn << 16) | list;
    }

    /// <summary>SRS (DB: bits [24:23] = 00, IA: 11) T1/T2: SRS SP!, #mode.</summary>
    public static uint StoreReturnState(uint raw, T32Context c)
    {
        uint pu = (raw & (1u << 23)) != 0 ? 1u : 2u; // IA: P=0 U=1; DB: P=1 U=0
        return 0xF84D_0500 | (pu << 23) | (raw & (1u << 21)) | (raw & 0x1F);
    }

    /// <summary>RFE (DB/IA) T1/T2: RFE Rn{!}.</summary>
    public static uint ReturnFromException(uint raw, T32Context c)
    {
        uint pu = (raw & (1u << 23)) != 0 ? 1u : 2u;
        return Rn(raw) == 15 || c == T32Context.InItBlock ? Undefined : 0xF810_0A00 | (pu << 23) | (raw & (1u << 21)) | (Rn(raw) << 16);
    }

    /// <summary>MSR (register) T1, and MSR (banked register) T1 when bit 5 is set.</summary>
    public static uint MoveToStatus(uint raw, T32Context c)
    {
        uint r = (raw >> 20) & 1;
        return (raw & 0x20) != 0
            ? 0xE120_F200 | (r << 22) | (((raw >> 8) & 0xF) << 16) | (((raw >> 4) & 1) << 8) | Rn(raw)
            : 0xE120_F000 | (r << 22) | (((raw >> 8) & 0xF) << 16) | Rn(raw);
    }

    /// <summary>MRS T1, and MRS (banked register) T1 when bit 5 is set.</summary>
    public static uint MoveFromStatus(uint raw, T32Context c)
    {
        uint r = (raw >> 20) & 1;
        return (raw & 0x20) != 0
            ? 0xE100_0200 | (r << 22) | (Rn(raw) << 16) | (Rd(raw) << 12) | (((raw >> 4) & 1) << 8)
            : Rn(raw) != 15 ? Undefined : 0xE10F_0000 | (r << 22) | (Rd(raw) << 12);
    }

    /// <summary>The hints T2 (NOP YIELD WFE WFI SEV SEVL; the rest of the space executes as NOP in the A32 row).</summary>
    public static uint Hint(uint raw, T32Context c) => 0xE320_F000 | (raw & 0xFF);

    /// <summary>CPS T2: imod (bits [10:9]), M (bit 8), A I F (bits [7:5]), mode (bits [4:0]).</summary>
    public static uint ChangeProcessorState(uint raw, T32Context c) =>
        0xF100_0000 | (((raw >> 9) & 3) << 18) | (((raw >> 8) & 1) << 17) | (((raw >> 5) & 7) << 6) | (raw & 0x1F);

    /// <summary>CLREX DSB DMB ISB T1: op in bits [7:4], option in [3:0] (the A32 unconditional encodings).</summary>
    public static uint Barrier(uint raw, T32Context c)
    {
        uint op = (raw >> 4) & 0xF;
        return op is 0x4 or 0x5 or 0x6 || (op == 0x2 && (raw & 0xF) == 0xF) ? 0xF57F_F000 | (raw & 0xFF) : Undefined;
    }

    /// <summary>BXJ T1: BXJ Rm (Rm in bits [19:16]; Jazelle is not implemented, so it is BX).</summary>
    public static uint BranchExchangeJazelle(uint raw, T32Context c) => Rn(raw) == 15 ? Undefined : 0xE12F_FF20 | Rn(raw);

    /// <summary>SUBS PC, LR, #imm8 T1 (ERET when imm8 = 0): the A32 SUBS PC, LR, #imm8 (exception return).</summary>
    public static uint SubtractPcLr(uint raw, T32Context c) => 0xE25E_F000 | (raw & 0xFF);

    /// <summary>HVC T1: imm16 = imm4:imm12 (A32 imm12:imm4 order).</summary>
    public static uint HypervisorCall(uint raw, T32Context c)
    {
        uint imm16 = (((raw >> 16) & 0xF) << 12) | (raw & 0xFFF);
        return 0xE140_0070 | ((imm16 >> 4) << 8) | (imm16 & 0xF);
    }

    /// <summary>SMC T1: imm4.</summary>
    public static uint SecureMonitorCall(uint raw, T32Context c) => 0xE160_0070 | ((raw >> 16) & 0xF);
}
