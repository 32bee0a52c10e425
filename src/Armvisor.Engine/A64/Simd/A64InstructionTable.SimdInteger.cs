using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Decoding.GeneratorPolicy;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;
using SA = Armvisor.Engine.A64.Simd.SimdIntegerArithmetic;
using SE = Armvisor.Engine.A64.Simd.SimdIntegerElementwise;
using SG = Armvisor.Engine.A64.Simd.SimdGroupPrepare;
using SM = Armvisor.Engine.A64.Simd.SimdTwoRegisterMisc;
using SP = Armvisor.Engine.A64.Simd.SimdPermute;

namespace Armvisor.Engine.A64.Decoding;

// SAFETY: the rows only take the addresses of static handler and prepare methods (function pointers); nothing is
// dereferenced here.
/// <summary>AdvSIMD integer rows: three same, two-register misc, across lanes, three different, copy, permute, EXT, TBL.</summary>
public static unsafe partial class A64InstructionTable
{
    private static void AddSimdIntegerRows(List<A64Encoding> rows)
    {
        // Advanced SIMD three same (integer): 0 Q U 01110 size 1 Rm opcode 1 Rn Rd.
        void Same(string name, int u, string opcode, delegate*<InterpreterVcpu, DecodedInstruction*, bool> h, delegate*<uint, DecodedInstruction*, bool> p) =>
            Row(rows, name, $"0 Q:1 {u} 01110 size:2 1 Rm:5 {opcode} 1 Rn:5 Rd:5", IC.SimdFp, h, p, Always);

        Same("SHADD", 0, "00000", &SE.HalvingAdd, &SG.ThreeSameVectorNo64);
        Same("SQADD", 0, "00001", &SE.SaturatingAdd, &SG.ThreeSameVector);
        Same("SRHADD", 0, "00010", &SE.HalvingAdd, &SG.ThreeSameVectorNo64);
        Same("SHSUB", 0, "00100", &SE.HalvingSub, &SG.ThreeSameVectorNo64);
        Same("SQSUB", 0, "00101", &SE.SaturatingSub, &SG.ThreeSameVector);
        Same("CMGT", 0, "00110", &SA.CompareGreater, &SG.ThreeSameVector);
        Same("CMGE", 0, "00111", &SA.CompareGreaterOrEqual, &SG.ThreeSameVector);
        Same("SSHL", 0, "01000", &SE.ShiftLeftRegister, &SG.ThreeSameVector);
        Same("SQSHL", 0, "01001", &SE.SaturatingShiftLeftRegister, &SG.ThreeSameVector);
        Same("SRSHL", 0, "01010", &SE.ShiftLeftRegister, &SG.ThreeSameVector);
        Same("SQRSHL", 0, "01011", &SE.SaturatingShiftLeftRegister, &SG.ThreeSameVector);
        Same("SMAX", 0, "01100", &SA.MaxVector, &SG.ThreeSameVectorNo64);
        Same("SMIN", 0, "01101", &SA.MinVector, &SG.ThreeSameVectorNo64);
        Same("SABD", 0, "01110", &SA.AbsoluteDifference, &SG.ThreeSameVectorNo64);
        Same("SABA", 0, "01111", &SA.AbsoluteDifference, &SG.ThreeSameVectorNo64);
        Same("ADD", 0, "10000", &SA.AddVector, &SG.ThreeSameVector);
        Same("CMTST", 0, "10001", &SA.CompareTest, &SG.ThreeSameVector);
        Same("MLA", 0, "10010", &SA.MulAccumulate, &SG.ThreeSameVectorNo64);
        Same("MUL", 0, "10011", &SA.MulVector, &SG.ThreeSameVectorNo64);
        Same("SMAXP", 0, "10100", &SE.MaxPairwise, &SG.ThreeSameVectorNo64);
        Same("SMINP", 0, "10101", &SE.MinPairwise, &SG.ThreeSameVectorNo64);
        Same("SQDMULH", 0, "10110", &SE.DoublingMultiplyHigh, &SG.ThreeSameVectorHalfOrWord);
        Same("ADDP", 0, "10111", &SE.AddPairwise, &SG.ThreeSameVector);
        Same("UHADD", 1, "00000", &SE.HalvingAdd, &SG.ThreeSameVectorNo64);
        Same("UQADD", 1, "00001", &SE.SaturatingAdd, &SG.ThreeSameVector);
        Same("URHADD", 1, "00010", &SE.HalvingAdd, &SG.ThreeSameVectorNo64);
        Same("UHSUB", 1, "00100", &SE.HalvingSub, &SG.ThreeSameVectorNo64);
        Same("UQSUB", 1, "00101", &SE.SaturatingSub, &SG.ThreeSameVector);
        Same("CMHI", 1, "00110", &SA.CompareGreater, &SG.ThreeSameVector);
        Same("CMHS", 1, "00111", &SA.CompareGreaterOrEqual, &SG.ThreeSameVector);
        Same("USHL", 1, "01000", &SE.ShiftLeftRegister, &SG.ThreeSameVector);
        Same("UQSHL", 1, "01001", &SE.SaturatingShiftLeftRegister, &SG.ThreeSameVector);
        Same("URSHL", 1, "01010", &SE.ShiftLeftRegister, &SG.ThreeSameVector);
        Same("UQRSHL", 1, "01011", &SE.SaturatingShiftLeftRegister, &SG.ThreeSameVector);
        Same("UMAX", 1, "01100", &SA.MaxVector, &SG.ThreeSameVectorNo64);
        Same("UMIN", 1, "01101", &SA.MinVector, &SG.ThreeSameVectorNo64);
        Same("UABD", 1, "01110", &SA.AbsoluteDifference, &SG.ThreeSameVectorNo64);
        Same("UABA", 1, "01111", &SA.AbsoluteDifference, &SG.ThreeSameVectorNo64);
        Same("SUB", 1, "10000", &SA.SubVector, &SG.ThreeSameVector);
        Same("CMEQ", 1, "10001", &SA.CompareEqual, &SG.ThreeSameVector);
        Same("MLS", 1, "10010", &SA.MulAccumulate, &SG.ThreeSameVectorNo64);
        Same("PMUL", 1, "10011", &SE.PolynomialMultiply, &SG.ThreeSameVectorBytes);
        Same("UMAXP", 1, "10100", &SE.MaxPairwise, &SG.ThreeSameVectorNo64);
        Same("UMINP", 1, "10101", &SE.MinPairwise, &SG.ThreeSameVectorNo64);
        Same("SQRDMULH", 1, "10110", &SE.DoublingMultiplyHigh, &SG.ThreeSameVectorHalfOrWord);

        // Three same, logical: the size field selects the operation.
        void Logical(string name, int u, string size, delegate*<InterpreterVcpu, DecodedInstruction*, bool> h) =>
            Row(rows, name, $"0 Q:1 {u} 01110 {size} 1 Rm:5 00011 1 Rn:5 Rd:5", IC.SimdFp, h, &SimdPrepare.VectorBitwise, Always);

        Logical("AND_vec", 0, "00", &SA.And);
        Logical("BIC_vec", 0, "01", &SA.Bic);
        Logical("ORR_vec", 0, "10", &SA.Orr);
        Logical("ORN_vec", 0, "11", &SA.Orn);
        Logical("EOR_vec", 1, "00", &SA.Eor);
        Logical("BSL", 1, "01", &SA.Bsl);
        Logical("BIT", 1, "10", &SA.Bit);
        Logical("BIF", 1, "11", &SA.Bif);

        // Advanced SIMD scalar three same: 01 U 11110 size 1 Rm opcode 1 Rn Rd.
        void ScalarSame(string name, int u, string opcode, delegate*<InterpreterVcpu, DecodedInstruction*, bool> h, delegate*<uint, DecodedInstruction*, bool> p) =>
            Row(rows, name + "_scalar", $"01 {u} 11110 size:2 1 Rm:5 {opcode} 1 Rn:5 Rd:5", IC.SimdFp, h, p, Always);

        for (int u = 0; u <= 1; u++)
        {
            string s = u == 0 ? "S" : "U";
            ScalarSame(s + "QADD", u, "00001", &SE.SaturatingAdd, &SG.ThreeSameScalarAny);
            ScalarSame(s + "QSUB", u, "00101", &SE.SaturatingSub, &SG.ThreeSameScalarAny);
            ScalarSame(u == 0 ? "CMGT" : "CMHI", u, "00110", &SA.CompareGreater, &SG.ThreeSameScalarDoubleword);
            ScalarSame(u == 0 ? "CMGE" : "CMHS", u, "00111", &SA.CompareGreaterOrEqual, &SG.ThreeSameScalarDoubleword);
            ScalarSame(s + "SHL", u, "01000", &SE.ShiftLeftRegister, &SG.ThreeSameScalarDoubleword);
            ScalarSame(s + "QSHL", u, "01001", &SE.SaturatingShiftLeftRegister, &SG.ThreeSameScalarAny);
            ScalarSame(s + "RSHL", u, "01010", &SE.ShiftLeftRegister, &SG.ThreeSameScalarDoubleword);
            ScalarSame(s + "QRSHL", u, "01011", &SE.SaturatingShiftLeftRegister, &SG.ThreeSameScalarAny);
            ScalarSame(u == 0 ? "ADD" : "SUB", u, "10000", u == 0 ? &SA.AddVector : &SA.SubVector, &SG.ThreeSameScalarDoubleword);
            ScalarSame(u == 0 ? "CMTST" : "CMEQ", u, "10001", u == 0 ? &SA.CompareTest : &SA.CompareEqual, &SG.ThreeSameScalarDoubleword);
            ScalarSame(u == 0 ? "SQDMULH" : "SQRDMULH", u, "10110", &SE.DoublingMultiplyHigh, &SG.ThreeSameScalarHalfOrWord);
        }

        // ADDP (scalar): 01 0 11110 11 11000 11011 10 Rn Rd.
        Row(rows, "ADDP_scalar", "01 0 11110 11 11000 11011 10 Rn:5 Rd:5", IC.SimdFp, &SE.AddPairScalar, null, Always);

        AddSimdTwoRegisterMiscRows(rows);
        AddSimdAcrossAndDifferentRows(rows);
        AddSimdCopyAndPermuteRows(rows);
    }

    private static void AddSimdTwoRegisterMiscRows(List<A64Encoding> rows)
    {
        // Advanced SIMD two-register miscellaneous: 0 Q U 01110 size 10000 opcode 10 Rn Rd.
        void Misc(string name, int u, string size, string opcode, delegate*<InterpreterVcpu, DecodedInstruction*, bool> h, delegate*<uint, DecodedInstruction*, bool> p) =>
            Row(rows, name, $"0 Q:1 {u} 01110 {size} 10000 {opcode} 10 Rn:5 Rd:5", IC.SimdFp, h, p, Always);

        Misc("REV64", 0, "size:2", "00000", &SM.Reverse, &SM.PrepareReverse);
        Misc("REV16_vec", 0, "size:2", "00001", &SM.Reverse, &SM.PrepareReverse);
        Misc("REV32_vec", 1, "size:2", "00000", &SM.Reverse, &SM.PrepareReverse);
        Misc("SADDLP", 0, "size:2", "00010", &SM.AddLongPairwise, &SG.MiscVectorNo64);
        Misc("UADDLP", 1, "size:2", "00010", &SM.AddLongPairwise, &SG.MiscVectorNo64);
        Misc("SADALP", 0, "size:2", "00110", &SM.AddLongPairwise, &SG.MiscVectorNo64);
        Misc("UADALP", 1, "size:2", "00110", &SM.AddLongPairwise, &SG.MiscVectorNo64);
        Misc("SUQADD", 0, "size:2", "00011", &SM.SaturatingAccumulate, &SG.MiscVector);
        Misc("USQADD", 1, "size:2", "00011", &SM.SaturatingAccumulate, &SG.MiscVector);
        Misc("CLS_vec", 0, "size:2", "00100", &SM.Cls, &SG.MiscVectorNo64);
        Misc("CLZ_vec", 1, "size:2", "00100", &SM.Clz, &SG.MiscVectorNo64);
        Misc("CNT", 0, "size:2", "00101", &SM.Cnt, &SG.MiscVectorBytes);
        Misc("NOT", 1, "00", "00101", &SM.Not, &SG.MiscBitwise);
        Misc("RBIT_vec", 1, "01", "00101", &SM.Rbit, &SG.MiscBitwise);
        Misc("SQABS", 0, "size:2", "00111", &SM.SaturatingAbs, &SG.MiscVector);
        Misc("SQNEG", 1, "size:2", "00111", &SM.SaturatingNeg, &SG.MiscVector);
        Misc("CMGT_zero", 0, "size:2", "01000", &SM.CompareGreaterZero, &SG.MiscVector);
        Misc("CMGE_zero", 1, "size:2", "01000", &SM.CompareGreaterEqualZero, &SG.MiscVector);
        Misc("CMEQ_zero", 0, "size:2", "01001", &SM.CompareEqualZero, &SG.MiscVector);
        Misc("CMLE_zero", 1, "size:2", "01001", &SM.CompareLessEqualZero, &SG.MiscVector);
        Misc("CMLT_zero", 0, "size:2", "01010", &SM.CompareLessZero, &SG.MiscVector);
        Misc("ABS", 0, "size:2", "01011", &SM.Abs, &SG.MiscVector);
        Misc("NEG", 1, "size:2", "01011", &SM.Neg, &SG.MiscVector);
        Misc("XTN", 0, "size:2", "10010", &SM.Narrow, &SM.PrepareNarrow);
        Misc("SQXTUN", 1, "size:2", "10010", &SM.Narrow, &SM.PrepareNarrow);
        Misc("SHLL", 1, "size:2", "10011", &SM.ShiftLeftLong, &SG.MiscVectorNo64);
        Misc("SQXTN", 0, "size:2", "10100", &SM.Narrow, &SM.PrepareNarrow);
        Misc("UQXTN", 1, "size:2", "10100", &SM.Narrow, &SM.PrepareNarrow);

        // Advanced SIMD scalar two-register miscellaneous: 01 U 11110 size 10000 opcode 10 Rn Rd.
        void ScalarMisc(string name, int u, string opcode, delegate*<InterpreterVcpu, DecodedInstruction*, bool> h, delegate*<uint, DecodedInstruction*, bool> p) =>
            Row(rows, name + "_scalar", $"01 {u} 11110 size:2 10000 {opcode} 10 Rn:5 Rd:5", IC.SimdFp, h, p, Always);

        ScalarMisc("SUQADD", 0, "00011", &SM.SaturatingAccumulate, &SG.MiscScalarAny);
        ScalarMisc("USQADD", 1, "00011", &SM.SaturatingAccumulate, &SG.MiscScalarAny);
        ScalarMisc("SQABS", 0, "00111", &SM.SaturatingAbs, &SG.MiscScalarAny);
        ScalarMisc("SQNEG", 1, "00111", &SM.SaturatingNeg, &SG.MiscScalarAny);
        ScalarMisc("CMGT_zero", 0, "01000", &SM.CompareGreaterZero, &SG.MiscScalarDoubleword);
        ScalarMisc("CMGE_zero", 1, "01000", &SM.CompareGreaterEqualZero, &SG.MiscScalarDoubleword);
        ScalarMisc("CMEQ_zero", 0, "01001", &SM.CompareEqualZero, &SG.MiscScalarDoubleword);
        ScalarMisc("CMLE_zero", 1, "01001", &SM.CompareLessEqualZero, &SG.MiscScalarDoubleword);
        ScalarMisc("CMLT_zero", 0, "01010", &SM.CompareLessZero, &SG.MiscScalarDoubleword);
        ScalarMisc("ABS", 0, "01011", &SM.Abs, &SG.MiscScalarDoubleword);
        ScalarMisc("NEG", 1, "01011", &SM.Neg, &SG.MiscScalarDoubleword);
        ScalarMisc("SQXTUN", 1, "10010", &SM.Narrow, &SM.PrepareNarrow);
        ScalarMisc("SQXTN", 0, "10100", &SM.Narrow, &SM.PrepareNarrow);
        ScalarMisc("UQXTN", 1, "10100", &SM.Narrow, &SM.PrepareNarrow);
    }

    private static void AddSimdAcrossAndDifferentRows(List<A64Encoding> rows)
    {
        // Advanced SIMD across lanes: 0 Q U 01110 size 11000 opcode 10 Rn Rd.
        (string Name, int U, string Opcode)[] across =
        [
            ("SADDLV", 0, "00011"), ("SMAXV", 0, "01010"), ("SMINV", 0, "11010"), ("ADDV", 0, "11011"),
            ("UADDLV", 1, "00011"), ("UMAXV", 1, "01010"), ("UMINV", 1, "11010"),
        ];
        foreach ((string name, int u, string opcode) in across)
        {
            Row(rows, name, $"0 Q:1 {u} 01110 size:2 11000 {opcode} 10 Rn:5 Rd:5", IC.SimdFp, &SimdAcrossLanes.Execute, &SimdAcrossLanes.Prepare, Always);
        }

        // Advanced SIMD three different: 0 Q U 01110 size 1 Rm opcode 00 Rn Rd.
        (string Name, int U, string Opcode)[] different =
        [
            ("SADDL", 0, "0000"), ("SADDW", 0, "0001"), ("SSUBL", 0, "0010"), ("SSUBW", 0, "0011"), ("ADDHN", 0, "0100"),
            ("SABAL", 0, "0101"), ("SUBHN", 0, "0110"), ("SABDL", 0, "0111"), ("SMLAL", 0, "1000"), ("SQDMLAL", 0, "1001"),
            ("SMLSL", 0, "1010"), ("SQDMLSL", 0, "1011"), ("SMULL", 0, "1100"), ("SQDMULL", 0, "1101"), ("PMULL", 0, "1110"),
            ("UADDL", 1, "0000"), ("UADDW", 1, "0001"), ("USUBL", 1, "0010"), ("USUBW", 1, "0011"), ("RADDHN", 1, "0100"),
            ("UABAL", 1, "0101"), ("RSUBHN", 1, "0110"), ("UABDL", 1, "0111"), ("UMLAL", 1, "1000"), ("UMLSL", 1, "1010"),
            ("UMULL", 1, "1100"),
        ];
        foreach ((string name, int u, string opcode) in different)
        {
            Row(rows, name, $"0 Q:1 {u} 01110 size:2 1 Rm:5 {opcode} 00 Rn:5 Rd:5", IC.SimdFp, &SimdThreeDifferent.Execute, &SimdThreeDifferent.Prepare, Always);
        }

        // Advanced SIMD scalar three different: 01 U 11110 size 1 Rm opcode 00 Rn Rd (only the saturating doubling forms).
        foreach ((string name, string opcode) in (ReadOnlySpan<(string, string)>)[("SQDMLAL", "1001"), ("SQDMLSL", "1011"), ("SQDMULL", "1101")])
        {
            Row(rows, name + "_scalar", $"01 0 11110 size:2 1 Rm:5 {opcode} 00 Rn:5 Rd:5", IC.SimdFp, &SimdThreeDifferent.Execute, &SimdThreeDifferent.PrepareScalar, Always);
        }
    }

    private static void AddSimdCopyAndPermuteRows(List<A64Encoding> rows)
    {
        // Advanced SIMD copy: 0 Q op 01110000 imm5 0 imm4 1 Rn Rd.
        Row(rows, "DUP_element", "0 Q:1 0 01110000 imm5:5 0 0000 1 Rn:5 Rd:5", IC.SimdFp, &SP.DupElement, &SP.PrepareDup, Always);
        Row(rows, "DUP_general", "0 Q:1 0 01110000 imm5:5 0 0001 1 Rn:5 Rd:5", IC.SimdFp, &SP.DupGeneral, &SP.PrepareDup, Always);
        Row(rows, "SMOV", "0 Q:1 0 01110000 imm5:5 0 0101 1 Rn:5 Rd:5", IC.SimdFp, &SP.Smov, &SP.PrepareSmov, Always);
        Row(rows, "UMOV", "0 Q:1 0 01110000 imm5:5 0 0111 1 Rn:5 Rd:5", IC.SimdFp, &SP.Umov, &SP.PrepareUmov, Always);
        Row(rows, "INS_general", "0 1 0 01110000 imm5:5 0 0011 1 Rn:5 Rd:5", IC.SimdFp, &SP.InsertGeneral, &SP.PrepareIns, Always);
        Row(rows, "INS_element", "0 1 1 01110000 imm5:5 0 imm4:4 1 Rn:5 Rd:5", IC.SimdFp, &SP.InsertElement, &SP.PrepareIns, Always);
        Row(rows, "DUP_scalar", "01 0 11110000 imm5:5 0 0000 1 Rn:5 Rd:5", IC.SimdFp, &SP.DupScalar, &SP.PrepareIns, Always);

        // Advanced SIMD permute: 0 Q 001110 size 0 Rm 0 opcode 10 Rn Rd.
        (string Name, string Opcode)[] permutes = [("UZP1", "001"), ("TRN1", "010"), ("ZIP1", "011"), ("UZP2", "101"), ("TRN2", "110"), ("ZIP2", "111")];
        foreach ((string name, string opcode) in permutes)
        {
            Row(rows, name, $"0 Q:1 001110 size:2 0 Rm:5 0 {opcode} 10 Rn:5 Rd:5", IC.SimdFp, &SP.Permute, &SP.PreparePermute, Always);
        }

        // Advanced SIMD extract and table lookup.
        Row(rows, "EXT", "0 Q:1 101110 00 0 Rm:5 0 imm4:4 0 Rn:5 Rd:5", IC.SimdFp, &SP.Extract, &SP.PrepareExtract, Always);
        Row(rows, "TBL", "0 Q:1 001110 00 0 Rm:5 0 len:2 0 00 Rn:5 Rd:5", IC.SimdFp, &SP.Table, &SP.PrepareTable, Always);
        Row(rows, "TBX", "0 Q:1 001110 00 0 Rm:5 0 len:2 1 00 Rn:5 Rd:5", IC.SimdFp, &SP.Table, &SP.PrepareTable, Always);
    }
}
