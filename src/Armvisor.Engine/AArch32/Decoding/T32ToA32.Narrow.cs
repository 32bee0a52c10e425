namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// Re-mappings of T32 encodings to the A32 encoding of the same operation (DDI0487 F3 against F4; the F5 instruction
/// pages list both encodings of each instruction): the T32 fields placed where A32 keeps them, condition AL (the IT
/// block supplies T32's condition). The 16-bit data-processing encodings set the flags only outside an IT block
/// (F5's "setflags = !InITBlock()"). <see cref="T32Encoding.A32Undefined"/> stands for the UNDEFINED and UNPREDICTABLE
/// field values.
/// </summary>
internal static partial class T32ToA32
{
    private const uint Undefined = T32Encoding.A32Undefined;

    private static uint SetFlags(T32Context context) => context == T32Context.OutsideItBlock ? 1u << 20 : 0;

    /// <summary>A32 data processing, register operand shifted by an immediate: cond=AL 000 op S Rn Rd imm5 type 0 Rm.</summary>
    private static uint Register(uint op, uint s, uint rn, uint rd, uint rm, uint type = 0, uint imm5 = 0) =>
        0xE000_0000 | (op << 21) | s | (rn << 16) | (rd << 12) | (imm5 << 7) | (type << 5) | rm;

    /// <summary>A32 data processing, unrotated 8-bit immediate: cond=AL 001 op S Rn Rd 0000 imm8.</summary>
    private static uint Immediate(uint op, uint s, uint rn, uint rd, uint imm8) =>
        0xE200_0000 | (op << 21) | s | (rn << 16) | (rd << 12) | imm8;

    private static uint Low3(uint raw, int lsb) => (raw >> lsb) & 7;

    /// <summary>LSL/LSR/ASR (immediate) T1: MOV{S} Rd, Rm, shift #imm5 (imm5 = 0 means 32 for LSR/ASR in both sets).</summary>
    public static uint ShiftImmediate(uint raw, T32Context c) =>
        Register(0xD, SetFlags(c), 0, Low3(raw, 0), Low3(raw, 3), (raw >> 11) & 3, (raw >> 6) & 0x1F);

    /// <summary>ADD/SUB (register) T1: Rd, Rn, Rm.</summary>
    public static uint AddSubtractRegister(uint raw, T32Context c) =>
        Register((raw & (1u << 9)) != 0 ? 0x2u : 0x4u, SetFlags(c), Low3(raw, 3), Low3(raw, 0), Low3(raw, 6));

    /// <summary>ADD/SUB (immediate) T1: Rd, Rn, #imm3.</summary>
    public static uint AddSubtractImmediate3(uint raw, T32Context c) =>
        Immediate((raw & (1u << 9)) != 0 ? 0x2u : 0x4u, SetFlags(c), Low3(raw, 3), Low3(raw, 0), Low3(raw, 6));

    /// <summary>MOV/CMP/ADD/SUB (immediate) T1/T2: Rdn, #imm8 (CMP always sets the flags).</summary>
    public static uint MoveCompareAddSubtractImmediate8(uint raw, T32Context c)
    {
        uint rdn = Low3(raw, 8), imm8 = raw & 0xFF;
        return ((raw >> 11) & 3) switch
        {
            0 => Immediate(0xD, SetFlags(c), 0, rdn, imm8),
            1 => Immediate(0xA, 1u << 20, rdn, 0, imm8),
            2 => Immediate(0x4, SetFlags(c), rdn, rdn, imm8),
            _ => Immediate(0x2, SetFlags(c), rdn, rdn, imm8),
        };
    }

    /// <summary>"Data-processing" (F3.1, 010000 opcode:4 Rm Rdn): AND EOR LSL LSR ASR ADC SBC ROR TST RSB CMP CMN ORR MUL BIC MVN.</summary>
    public static uint DataProcessing16(uint raw, T32Context c)
    {
        uint rm = Low3(raw, 3), rdn = Low3(raw, 0), s = SetFlags(c);
        const uint flags = 1u << 20;
        return ((raw >> 6) & 0xF) switch
        {
            0x0 => Register(0x0, s, rdn, rdn, rm),
            0x1 => Register(0x1, s, rdn, rdn, rm),
            0x2 => RegisterShiftedMove(s, rdn, rdn, rm, 0),
            0x3 => RegisterShiftedMove(s, rdn, rdn, rm, 1),
            0x4 => RegisterShiftedMove(s, rdn, rdn, rm, 2),
            0x5 => Register(0x5, s, rdn, rdn, rm),
            0x6 => Register(0x6, s, rdn, rdn, rm),
            0x7 => RegisterShiftedMove(s, rdn, rdn, rm, 3),
            0x8 => Register(0x8, flags, rdn, 0, rm),
            0x9 => Immediate(0x3, s, rm, rdn, 0), // RSBS Rd, Rn, #0 (Rn in bits [5:3])
            0xA => Register(0xA, flags, rdn, 0, rm),
            0xB => Register(0xB, flags, rdn, 0, rm),
            0xC => Register(0xC, s, rdn, rdn, rm),
            0xD => 0xE000_0090 | s | (rdn << 16) | (rdn << 8) | rm, // MULS Rdm, Rn, Rdm
            0xE => Register(0xE, s, rdn, rdn, rm),
            _ => Register(0xF, s, 0, rdn, rm),
        };
    }

    /// <summary>MOV{S} Rd, Rm, shift Rs (A32 register-shifted register).</summary>
    private static uint RegisterShiftedMove(uint s, uint rd, uint rm, uint rs, uint type) =>
        0xE1A0_0010 | s | (rd << 12) | (rs << 8) | (type << 5) | rm;

    /// <summary>ADD/CMP/MOV (register) T2 with high registers (no flags but CMP); Rd = PC is a branch (last in an IT block only).</summary>
    public static uint HighRegisters(uint raw, T32Context c)
    {
        uint rd = (((raw >> 7) & 1) << 3) | Low3(raw, 0), rm = (raw >> 3) & 0xF;
        uint op = (raw >> 8) & 3;
        if (rd == 15 && op != 1 && c == T32Context.InItBlock)
        {
            return Undefined;
        }

        return op switch
        {
            0 => rd == 15 && rm == 15 ? Undefined : Register(0x4, 0, rd, rd, rm),
            1 => rd < 8 && rm < 8 || rd == 15 || rm == 15 ? Undefined : Register(0xA, 1u << 20, rd, 0, rm),
            _ => Register(0xD, 0, 0, rd, rm),
        };
    }

    /// <summary>BX/BLX (register) T1: BLX Rm with Rm = PC is UNPREDICTABLE.</summary>
    public static uint BranchExchange(uint raw, T32Context c)
    {
        uint rm = (raw >> 3) & 0xF;
        bool link = (raw & 0x80) != 0;
        return link && rm == 15 ? Undefined : (link ? 0xE12F_FF30u : 0xE12F_FF10u) | rm;
    }

    /// <summary>LDR (literal) T1: LDR Rt, [PC, #imm8:'00'] (A32: Rn = PC, U = 1, the base Align(PC, 4)).</summary>
    public static uint LoadLiteral(uint raw, T32Context c) => 0xE59F_0000 | (Low3(raw, 8) << 12) | ((raw & 0xFF) << 2);

    /// <summary>Load/store (register offset) T1, opB: STR STRH STRB LDRSB LDR LDRH LDRB LDRSH [Rn, Rm].</summary>
    public static uint LoadStoreRegister(uint raw, T32Context c)
    {
        uint rm = Low3(raw, 6), rn = Low3(raw, 3), rt = Low3(raw, 0);
        uint fields = (rn << 16) | (rt << 12) | rm;
        return ((raw >> 9) & 7) switch
        {
            0 => 0xE780_0000 | fields,
            1 => 0xE180_00B0 | fields,
            2 => 0xE7C0_0000 | fields,
            3 => 0xE190_00D0 | fields,
            4 => 0xE790_0000 | fields,
            5 => 0xE190_00B0 | fields,
            6 => 0xE7D0_0000 | fields,
            _ => 0xE190_00F0 | fields,
        };
    }

    /// <summary>STR/LDR/STRB/LDRB (immediate) T1: [Rn, #imm5] scaled by 4 for words.</summary>
    public static uint LoadStoreWordByteImmediate(uint raw, T32Context c)
    {
        bool b = (raw & (1u << 12)) != 0;
        uint imm5 = (raw >> 6) & 0x1F;
        return 0xE580_0000 | (b ? 1u << 22 : 0) | (((raw >> 11) & 1) << 20) | (Low3(raw, 3) << 16) | (Low3(raw, 0) << 12) | (b ? imm5 : imm5 << 2);
    }

    /// <summary>STRH/LDRH (immediate) T1: [Rn, #imm5:'0'] (A32's imm4H:imm4L holds it).</summary>
    public static uint LoadStoreHalfwordImmediate(uint raw, T32Context c)
    {
        uint imm = ((raw >> 6) & 0x1F) << 1;
        return 0xE1C0_00B0 | (((raw >> 11) & 1) << 20) | (Low3(raw, 3) << 16) | (Low3(raw, 0) << 12) | ((imm >> 4) << 8) | (imm & 0xF);
    }

    /// <summary>STR/LDR (SP plus immediate) T2: [SP, #imm8:'00'].</summary>
    public static uint LoadStoreStackPointer(uint raw, T32Context c) =>
        0xE58D_0000 | (((raw >> 11) & 1) << 20) | (Low3(raw, 8) << 12) | ((raw & 0xFF) << 2);

    /// <summary>ADD (SP plus immediate) T1: Rd = SP + imm8:'00' (A32 rotation 30 gives the shift by 2).</summary>
    public static uint AddStackPointer(uint raw, T32Context c) => 0xE28D_0F00 | (Low3(raw, 8) << 12) | (raw & 0xFF);

    /// <summary>ADD/SUB (SP plus immediate) T2: SP = SP +/- imm7:'00'.</summary>
    public static uint AdjustStackPointer(uint raw, T32Context c) =>
        ((raw & 0x80) != 0 ? 0xE24D_DF00u : 0xE28D_DF00u) | (raw & 0x7F);

    /// <summary>SXTH/SXTB/UXTH/UXTB T1 (A32 SXTAH.. with Rn = PC, no rotation).</summary>
    public static uint Extend16(uint raw, T32Context c)
    {
        uint op = ((raw >> 6) & 3) switch { 0 => 0x6Bu, 1 => 0x6Au, 2 => 0x6Fu, _ => 0x6Eu };
        return 0xE00F_0070 | (op << 20) | (Low3(raw, 0) << 12) | Low3(raw, 3);
    }

    /// <summary>REV/REV16/REVSH T1 (op = 10 is unallocated in ARMv7-A).</summary>
    public static uint Reverse16(uint raw, T32Context c)
    {
        uint fields = (Low3(raw, 0) << 12) | Low3(raw, 3);
        return ((raw >> 6) & 3) switch
        {
            0 => 0xE6BF_0F30 | fields,
            1 => 0xE6BF_0FB0 | fields,
            3 => 0xE6FF_0FB0 | fields,
            _ => Undefined,
        };
    }

    /// <summary>PUSH T1: STMDB SP!, {list, LR if M}.</summary>
    public static uint Push(uint raw, T32Context c)
    {
        uint list = (raw & 0xFF) | (((raw >> 8) & 1) << 14);
        return list == 0 ? Undefined : 0xE92D_0000 | list;
    }

    /// <summary>POP T1: LDMIA SP!, {list, PC if P} (with the PC: outside or last in an IT block).</summary>
    public static uint Pop(uint raw, T32Context c)
    {
        uint list = (raw & 0xFF) | (((raw >> 8) & 1) << 15);
        return list == 0 || ((list & 0x8000) != 0 && c == T32Context.InItBlock) ? Undefined : 0xE8BD_0000 | list;
    }

    /// <summary>STM T1 (STMIA Rn!, list) and LDM T1 (LDMIA Rn{!}, list: write-back unless Rn is in the list).</summary>
    public static uint LoadStoreMultiple16(uint raw, T32Context c)
    {
        uint rn = Low3(raw, 8), list = raw & 0xFF;
        bool load = (raw & (1u << 11)) != 0;
        if (list == 0)
        {
            return Undefined;
        }

        bool writeBack = !load || (list & (1u << (int)rn)) == 0;
        return 0xE880_0000 | (writeBack ? 1u << 21 : 0) | (load ? 1u << 20 : 0) | (rn << 16) | list;
    }

    /// <summary>CPS T1: CPSIE/CPSID with A I F, no mode change (imod = 10 enable, 11 disable).</summary>
    public static uint ChangeProcessorState16(uint raw, T32Context c) =>
        0xF100_0000 | (((raw & 0x10) != 0 ? 3u : 2u) << 18) | (((raw >> 2) & 1) << 8) | (((raw >> 1) & 1) << 7) | ((raw & 1) << 6);

    /// <summary>BKPT T1: imm8 (A32 imm12:imm4).</summary>
    public static uint Breakpoint(uint raw, T32Context c) => 0xE120_0070 | (((raw >> 4) & 0xF) << 8) | (raw & 0xF);

    /// <summary>The hints T1 (IT with mask 0000): NOP YIELD WFE WFI SEV SEVL as the A32 hint of the same number.</summary>
    public static uint Hint16(uint raw, T32Context c) => 0xE320_F000 | ((raw >> 4) & 0xF);

    /// <summary>SVC T1: imm8.</summary>
    public static uint SupervisorCall(uint raw, T32Context c) => 0xEF00_0000 | (raw & 0xFF);
}
