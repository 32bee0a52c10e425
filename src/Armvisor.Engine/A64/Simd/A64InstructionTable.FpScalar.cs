using Armvisor.Engine.A64.Simd;
using static Armvisor.Engine.A64.Decoding.GeneratorPolicy;
using FC = Armvisor.Engine.A64.Simd.FpIntegerConversion;
using FS = Armvisor.Engine.A64.Simd.FpScalar;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;

namespace Armvisor.Engine.A64.Decoding;

// SAFETY: the rows only take the addresses of static handler and prepare methods (function pointers); nothing is
// dereferenced here.
/// <summary>Scalar floating-point rows (DDI0487 C4.1.96): data processing 1/2/3 source, compare, select, immediate, conversions.</summary>
public static unsafe partial class A64InstructionTable
{
    private static void AddFpScalarRows(List<A64Encoding> rows)
    {
        // Floating-point data-processing (1 source): 0 0 0 11110 ftype 1 opcode 10000 Rn Rd.
        Row(rows, "FMOV_reg", "000 11110 ftype:2 1 000000 10000 Rn:5 Rd:5", IC.SimdFp, &FS.MoveRegister, &FS.PrepareOneSource, Always);
        Row(rows, "FABS", "000 11110 ftype:2 1 000001 10000 Rn:5 Rd:5", IC.SimdFp, &FS.Abs, &FS.PrepareOneSource, Always);
        Row(rows, "FNEG", "000 11110 ftype:2 1 000010 10000 Rn:5 Rd:5", IC.SimdFp, &FS.Neg, &FS.PrepareOneSource, Always);
        Row(rows, "FSQRT", "000 11110 ftype:2 1 000011 10000 Rn:5 Rd:5", IC.SimdFp, &FS.Sqrt, &FS.PrepareOneSource, Always);
        Row(rows, "FCVT", "000 11110 ftype:2 1 0001 opc:2 10000 Rn:5 Rd:5", IC.SimdFp, &FS.ConvertPrecision, &FS.PrepareOneSource, Always);
        Row(rows, "FRINT", "000 11110 ftype:2 1 001 rmode:3 10000 Rn:5 Rd:5", IC.SimdFp, &FS.RoundToIntegral, &FS.PrepareOneSource, Always);

        // Floating-point data-processing (2 source): 0 0 0 11110 ftype 1 Rm opcode 10 Rn Rd.
        string[] twoSource = ["FMUL", "FDIV", "FADD", "FSUB", "FMAX", "FMIN", "FMAXNM", "FMINNM", "FNMUL"];
        for (int opcode = 0; opcode < twoSource.Length; opcode++)
        {
            string bits = Convert.ToString(opcode, 2).PadLeft(4, '0');
            Row(rows, twoSource[opcode], $"000 11110 ftype:2 1 Rm:5 {bits} 10 Rn:5 Rd:5", IC.SimdFp, &FS.TwoSource, &FS.PrepareTwoSource, Always);
        }

        // Floating-point data-processing (3 source): 0 0 0 11111 ftype o1 Rm o0 Ra Rn Rd.
        Row(rows, "FMADD", "000 11111 ftype:2 0 Rm:5 0 Ra:5 Rn:5 Rd:5", IC.SimdFp, &FS.ThreeSource, &FS.PrepareThreeSource, Always);
        Row(rows, "FMSUB", "000 11111 ftype:2 0 Rm:5 1 Ra:5 Rn:5 Rd:5", IC.SimdFp, &FS.ThreeSource, &FS.PrepareThreeSource, Always);
        Row(rows, "FNMADD", "000 11111 ftype:2 1 Rm:5 0 Ra:5 Rn:5 Rd:5", IC.SimdFp, &FS.ThreeSource, &FS.PrepareThreeSource, Always);
        Row(rows, "FNMSUB", "000 11111 ftype:2 1 Rm:5 1 Ra:5 Rn:5 Rd:5", IC.SimdFp, &FS.ThreeSource, &FS.PrepareThreeSource, Always);

        // Compare, conditional compare, conditional select, immediate.
        Row(rows, "FCMP", "000 11110 ftype:2 1 Rm:5 00 1000 Rn:5 opc:2 000", IC.SimdFp, &FS.Compare, &FS.PrepareCompare, Always);
        Row(rows, "FCCMP", "000 11110 ftype:2 1 Rm:5 cond:4 01 Rn:5 op:1 nzcv:4", IC.SimdFp, &FS.ConditionalCompare, &FS.PrepareConditionalCompare, Always);
        Row(rows, "FCSEL", "000 11110 ftype:2 1 Rm:5 cond:4 11 Rn:5 Rd:5", IC.SimdFp, &FS.ConditionalSelect, &FS.PrepareConditionalSelect, Always);
        Row(rows, "FMOV_imm", "000 11110 ftype:2 1 imm8:8 100 00000 Rd:5", IC.SimdFp, &FS.MoveImmediate, &FS.PrepareMoveImmediate, Always);

        // Conversion between floating-point and integer: sf 0 0 11110 ftype 1 rmode opcode 000000 Rn Rd.
        (string Name, string Rmode, string Opcode)[] toInteger =
        [
            ("FCVTNS", "00", "000"), ("FCVTNU", "00", "001"), ("FCVTAS", "00", "100"), ("FCVTAU", "00", "101"),
            ("FCVTPS", "01", "000"), ("FCVTPU", "01", "001"), ("FCVTMS", "10", "000"), ("FCVTMU", "10", "001"),
            ("FCVTZS", "11", "000"), ("FCVTZU", "11", "001"),
        ];
        foreach ((string name, string rmode, string opcode) in toInteger)
        {
            Row(rows, name, $"sf:1 00 11110 ftype:2 1 {rmode} {opcode} 000000 Rn:5 Rd:5", IC.SimdFp, &FC.ToInteger, &FC.PrepareToInteger, Always);
        }

        Row(rows, "SCVTF", "sf:1 00 11110 ftype:2 1 00 010 000000 Rn:5 Rd:5", IC.SimdFp, &FC.FromInteger, &FC.PrepareFromInteger, Always);
        Row(rows, "UCVTF", "sf:1 00 11110 ftype:2 1 00 011 000000 Rn:5 Rd:5", IC.SimdFp, &FC.FromInteger, &FC.PrepareFromInteger, Always);
        Row(rows, "FMOV_to_general", "sf:1 00 11110 ftype:2 1 0 x 110 000000 Rn:5 Rd:5", IC.SimdFp, &FC.MoveToGeneral, &FC.PrepareMove, Always);
        Row(rows, "FMOV_from_general", "sf:1 00 11110 ftype:2 1 0 x 111 000000 Rn:5 Rd:5", IC.SimdFp, &FC.MoveFromGeneral, &FC.PrepareMove, Always);

        // Conversion between floating-point and fixed-point: sf 0 0 11110 ftype 0 rmode opcode scale Rn Rd.
        Row(rows, "SCVTF_fixed", "sf:1 00 11110 ftype:2 0 00 010 scale:6 Rn:5 Rd:5", IC.SimdFp, &FC.FromInteger, &FC.PrepareFromFixed, Always);
        Row(rows, "UCVTF_fixed", "sf:1 00 11110 ftype:2 0 00 011 scale:6 Rn:5 Rd:5", IC.SimdFp, &FC.FromInteger, &FC.PrepareFromFixed, Always);
        Row(rows, "FCVTZS_fixed", "sf:1 00 11110 ftype:2 0 11 000 scale:6 Rn:5 Rd:5", IC.SimdFp, &FC.ToInteger, &FC.PrepareToFixed, Always);
        Row(rows, "FCVTZU_fixed", "sf:1 00 11110 ftype:2 0 11 001 scale:6 Rn:5 Rd:5", IC.SimdFp, &FC.ToInteger, &FC.PrepareToFixed, Always);
    }
}
