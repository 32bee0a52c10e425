using Armvisor.Engine.A64.Instructions;
using static Armvisor.Engine.A64.Decoding.GeneratorPolicy;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;
using DPI = Armvisor.Engine.A64.Instructions.DataProcessingImmediate;
using DPR = Armvisor.Engine.A64.Instructions.DataProcessingRegister;

namespace Armvisor.Engine.A64.Decoding;

/// <summary>Data processing rows (DDI0487 C4.1.86 immediate, C4.1.87 register).</summary>
public static unsafe partial class A64InstructionTable
{
    private static void AddDataProcessingImmediateRows(List<A64Encoding> rows)
    {
        // Add/subtract (immediate), C6.2.4 ADD, C6.2.8 ADDS, C6.2.356 SUB, C6.2.362 SUBS.
        Row(rows, "ADD_imm", "sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.AddImm, &DPI.PrepareAddSub, Always);
        Row(rows, "ADDS_imm", "sf:1 0 1 100010 sh:1 imm12:12 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.AddsImm, &DPI.PrepareAddSub, Always);
        Row(rows, "SUB_imm", "sf:1 1 0 100010 sh:1 imm12:12 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.SubImm, &DPI.PrepareAddSub, Always);
        Row(rows, "SUBS_imm", "sf:1 1 1 100010 sh:1 imm12:12 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.SubsImm, &DPI.PrepareAddSub, Always);

        // Logical (immediate): the bitmask immediate of DecodeBitMasks.
        Row(rows, "AND_imm", "sf:1 00 100100 N:1 immr:6 imms:6 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.AndImm, &DPI.PrepareLogical, Always);
        Row(rows, "ORR_imm", "sf:1 01 100100 N:1 immr:6 imms:6 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.OrrImm, &DPI.PrepareLogical, Always);
        Row(rows, "EOR_imm", "sf:1 10 100100 N:1 immr:6 imms:6 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.EorImm, &DPI.PrepareLogical, Always);
        Row(rows, "ANDS_imm", "sf:1 11 100100 N:1 immr:6 imms:6 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.AndsImm, &DPI.PrepareLogical, Always);

        // Move wide (immediate); opc = 01 is unallocated.
        Row(rows, "MOVN", "sf:1 00 100101 hw:2 imm16:16 Rd:5", IC.DataProcessingImmediate, &DPI.Movn, &DPI.PrepareMoveWide, Always);
        Row(rows, "MOVZ", "sf:1 10 100101 hw:2 imm16:16 Rd:5", IC.DataProcessingImmediate, &DPI.Movz, &DPI.PrepareMoveWide, Always);
        Row(rows, "MOVK", "sf:1 11 100101 hw:2 imm16:16 Rd:5", IC.DataProcessingImmediate, &DPI.Movk, &DPI.PrepareMoveWide, Always);

        // Bitfield; opc = 11 is unallocated.
        Row(rows, "SBFM", "sf:1 00 100110 N:1 immr:6 imms:6 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.Sbfm, &DPI.PrepareBitfield, Always);
        Row(rows, "BFM", "sf:1 01 100110 N:1 immr:6 imms:6 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.Bfm, &DPI.PrepareBitfield, Always);
        Row(rows, "UBFM", "sf:1 10 100110 N:1 immr:6 imms:6 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.Ubfm, &DPI.PrepareBitfield, Always);

        // Extract.
        Row(rows, "EXTR", "sf:1 00 100111 N:1 0 Rm:5 imms:6 Rn:5 Rd:5", IC.DataProcessingImmediate, &DPI.Extr, &DPI.PrepareExtract, Always);

        // PC-relative addressing.
        Row(rows, "ADR", "0 immlo:2 10000 immhi:19 Rd:5", IC.DataProcessingImmediate, &DPI.Adr, &DPI.PrepareAdr, Always);
        Row(rows, "ADRP", "1 immlo:2 10000 immhi:19 Rd:5", IC.DataProcessingImmediate, &DPI.Adr, &DPI.PrepareAdrp, Always);
    }

    private static void AddDataProcessingRegisterRows(List<A64Encoding> rows)
    {
        // Logical (shifted register): opc:N.
        (string Name, string Opc, string N)[] logical =
        [
            ("AND_sh", "00", "0"), ("BIC_sh", "00", "1"), ("ORR_sh", "01", "0"), ("ORN_sh", "01", "1"),
            ("EOR_sh", "10", "0"), ("EON_sh", "10", "1"), ("ANDS_sh", "11", "0"), ("BICS_sh", "11", "1"),
        ];
        foreach ((string name, string opc, string n) in logical)
        {
            Row(rows, name, $"sf:1 {opc} 01010 shift:2 {n} Rm:5 imm6:6 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Logical, &DPR.PrepareShifted, Always);
        }

        // Add/subtract (shifted register); shift = 11 is unallocated.
        Row(rows, "ADD_sh", "sf:1 0 0 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.AddShifted, &DPR.PrepareAddSubShifted, Always);
        Row(rows, "ADDS_sh", "sf:1 0 1 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.AddsShifted, &DPR.PrepareAddSubShifted, Always);
        Row(rows, "SUB_sh", "sf:1 1 0 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.SubShifted, &DPR.PrepareAddSubShifted, Always);
        Row(rows, "SUBS_sh", "sf:1 1 1 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.SubsShifted, &DPR.PrepareAddSubShifted, Always);

        // Add/subtract (extended register); opt = 00, imm3 <= 4.
        Row(rows, "ADD_ext", "sf:1 0 0 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.AddExtended, &DPR.PrepareExtended, Always);
        Row(rows, "ADDS_ext", "sf:1 0 1 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.AddsExtended, &DPR.PrepareExtended, Always);
        Row(rows, "SUB_ext", "sf:1 1 0 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.SubExtended, &DPR.PrepareExtended, Always);
        Row(rows, "SUBS_ext", "sf:1 1 1 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.SubsExtended, &DPR.PrepareExtended, Always);

        // Add/subtract (with carry).
        Row(rows, "ADC", "sf:1 0 0 11010000 Rm:5 000000 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.AddSubCarry, &DPR.PrepareSf, Always);
        Row(rows, "ADCS", "sf:1 0 1 11010000 Rm:5 000000 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.AddSubCarry, &DPR.PrepareSf, Always);
        Row(rows, "SBC", "sf:1 1 0 11010000 Rm:5 000000 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.AddSubCarry, &DPR.PrepareSf, Always);
        Row(rows, "SBCS", "sf:1 1 1 11010000 Rm:5 000000 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.AddSubCarry, &DPR.PrepareSf, Always);

        // Conditional compare (register and immediate).
        Row(rows, "CCMN_reg", "sf:1 0 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4", IC.DataProcessingRegister, &DPR.ConditionalCompare, &DPR.PrepareConditionalCompare, Always);
        Row(rows, "CCMP_reg", "sf:1 1 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4", IC.DataProcessingRegister, &DPR.ConditionalCompare, &DPR.PrepareConditionalCompare, Always);
        Row(rows, "CCMN_imm", "sf:1 0 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4", IC.DataProcessingRegister, &DPR.ConditionalCompare, &DPR.PrepareConditionalCompare, Always);
        Row(rows, "CCMP_imm", "sf:1 1 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4", IC.DataProcessingRegister, &DPR.ConditionalCompare, &DPR.PrepareConditionalCompare, Always);

        // Conditional select: op:o2.
        Row(rows, "CSEL", "sf:1 0 0 11010100 Rm:5 cond:4 0 0 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.ConditionalSelect, &DPR.PrepareConditionalSelect, Always);
        Row(rows, "CSINC", "sf:1 0 0 11010100 Rm:5 cond:4 0 1 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.ConditionalSelect, &DPR.PrepareConditionalSelect, Always);
        Row(rows, "CSINV", "sf:1 1 0 11010100 Rm:5 cond:4 0 0 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.ConditionalSelect, &DPR.PrepareConditionalSelect, Always);
        Row(rows, "CSNEG", "sf:1 1 0 11010100 Rm:5 cond:4 0 1 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.ConditionalSelect, &DPR.PrepareConditionalSelect, Always);

        // Data processing (2 source).
        Row(rows, "UDIV", "sf:1 0 0 11010110 Rm:5 000010 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Udiv, &DPR.PrepareSf, Always);
        Row(rows, "SDIV", "sf:1 0 0 11010110 Rm:5 000011 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Sdiv, &DPR.PrepareSf, Always);
        Row(rows, "LSLV", "sf:1 0 0 11010110 Rm:5 001000 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.ShiftVariable, &DPR.PrepareSf, Always);
        Row(rows, "LSRV", "sf:1 0 0 11010110 Rm:5 001001 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.ShiftVariable, &DPR.PrepareSf, Always);
        Row(rows, "ASRV", "sf:1 0 0 11010110 Rm:5 001010 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.ShiftVariable, &DPR.PrepareSf, Always);
        Row(rows, "RORV", "sf:1 0 0 11010110 Rm:5 001011 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.ShiftVariable, &DPR.PrepareSf, Always);
        Row(rows, "CRC32", "sf:1 0 0 11010110 Rm:5 010 0 sz:2 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Crc32, &DPR.PrepareCrc, Always);
        Row(rows, "CRC32C", "sf:1 0 0 11010110 Rm:5 010 1 sz:2 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Crc32, &DPR.PrepareCrc, Always);

        // Data processing (1 source).
        Row(rows, "RBIT", "sf:1 1 0 11010110 00000 000000 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Rbit, &DPR.PrepareSf, Always);
        Row(rows, "REV16", "sf:1 1 0 11010110 00000 000001 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Rev16, &DPR.PrepareSf, Always);
        Row(rows, "REV32", "sf:1 1 0 11010110 00000 000010 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Rev32, &DPR.PrepareSf, Always);
        Row(rows, "REV", "1 1 0 11010110 00000 000011 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Rev64, &DPR.PrepareSf, Always);
        Row(rows, "CLZ", "sf:1 1 0 11010110 00000 000100 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Clz, &DPR.PrepareSf, Always);
        Row(rows, "CLS", "sf:1 1 0 11010110 00000 000101 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Cls, &DPR.PrepareSf, Always);

        // Data processing (3 source).
        Row(rows, "MADD", "sf:1 00 11011 000 Rm:5 0 Ra:5 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Madd, &DPR.PrepareSf, Always);
        Row(rows, "MSUB", "sf:1 00 11011 000 Rm:5 1 Ra:5 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Msub, &DPR.PrepareSf, Always);
        Row(rows, "SMADDL", "1 00 11011 001 Rm:5 0 Ra:5 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Smaddl, &DPR.PrepareSf, Always);
        Row(rows, "SMSUBL", "1 00 11011 001 Rm:5 1 Ra:5 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Smsubl, &DPR.PrepareSf, Always);
        Row(rows, "SMULH", "1 00 11011 010 Rm:5 0 Ra:5 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Smulh, &DPR.PrepareSf, Always);
        Row(rows, "UMADDL", "1 00 11011 101 Rm:5 0 Ra:5 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Umaddl, &DPR.PrepareSf, Always);
        Row(rows, "UMSUBL", "1 00 11011 101 Rm:5 1 Ra:5 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Umsubl, &DPR.PrepareSf, Always);
        Row(rows, "UMULH", "1 00 11011 110 Rm:5 0 Ra:5 Rn:5 Rd:5", IC.DataProcessingRegister, &DPR.Umulh, &DPR.PrepareSf, Always);
    }
}
