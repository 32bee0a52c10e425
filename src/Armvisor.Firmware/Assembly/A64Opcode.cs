namespace Armvisor.Firmware.Assembly;

/// <summary>
/// Fixed bits of the A64 instructions the firmware stubs use (DDI0487 C6.2, per instruction page); operand fields
/// are inserted by <see cref="A64Assembler"/> at the positions <see cref="A64Field"/> declares.
/// </summary>
internal enum A64Opcode : uint
{
    /// <summary>ADR Xd, label: op=0, immlo [30:29], immhi [23:5] (C6.2.10).</summary>
    Adr = 0x1000_0000,

    /// <summary>MOVZ Wd, #imm16, LSL #hw (C6.2.238, sf=0).</summary>
    MovzWord = 0x5280_0000,

    /// <summary>MOVK Wd, #imm16, LSL #hw (C6.2.237, sf=0).</summary>
    MovkWord = 0x7280_0000,

    /// <summary>MOVZ Xd, #imm16, LSL #hw (sf=1).</summary>
    MovzDoubleword = 0xD280_0000,

    /// <summary>MOVK Xd, #imm16, LSL #hw (sf=1).</summary>
    MovkDoubleword = 0xF280_0000,

    /// <summary>LDR Wt, [Xn, #pimm] unsigned offset, imm12 scaled by 4 (C6.2.167).</summary>
    LdrWord = 0xB940_0000,

    /// <summary>LDR Xt, [Xn, #pimm] unsigned offset, imm12 scaled by 8.</summary>
    LdrDoubleword = 0xF940_0000,

    /// <summary>STR Xt, [Xn, #pimm] unsigned offset, imm12 scaled by 8 (C6.2.321).</summary>
    StrDoubleword = 0xF900_0000,

    /// <summary>SUBS WZR, Wn, Wm (CMP Wn, Wm; shifted register, C6.2.360).</summary>
    CmpWord = 0x6B00_001F,

    /// <summary>ORR Xd, XZR, Xm (MOV Xd, Xm; C6.2.205).</summary>
    MovDoubleword = 0xAA00_03E0,

    /// <summary>B.cond label: imm19 [23:5], cond [3:0] (C6.2.26).</summary>
    BranchConditional = 0x5400_0000,

    /// <summary>B label: imm26 [25:0] (C6.2.25).</summary>
    Branch = 0x1400_0000,

    /// <summary>CBZ Xt, label: imm19 [23:5] (C6.2.48, sf=1).</summary>
    CbzDoubleword = 0xB400_0000,

    /// <summary>BR Xn (C6.2.37).</summary>
    BranchRegister = 0xD61F_0000,

    /// <summary>RET Xn (C6.2.254).</summary>
    Return = 0xD65F_0000,

    /// <summary>WFE (C6.2.398).</summary>
    Wfe = 0xD503_205F,

    /// <summary>WFI (C6.2.399).</summary>
    Wfi = 0xD503_207F,

    /// <summary>DSB SY (C6.2.82, CRm = 0b1111).</summary>
    DsbSy = 0xD503_3F9F,
}
