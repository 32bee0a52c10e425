using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;
using static Armvisor.Engine.A64.Decoding.GeneratorPolicy;
using FP = Armvisor.Engine.A64.Simd.FpVectorPrepare;
using FV = Armvisor.Engine.A64.Simd.FpVector;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;

namespace Armvisor.Engine.A64.Decoding;

// SAFETY: the rows only take the addresses of static handler and prepare methods (function pointers); nothing is
// dereferenced here.
/// <summary>AdvSIMD floating-point rows (DDI0487 C4.1.95) and the "vector x indexed element" rows (integer and FP).</summary>
public static unsafe partial class A64InstructionTable
{
    private static void AddSimdFpVectorRows(List<A64Encoding> rows)
    {
        // Three same (FP): 0 Q U 01110 a sz 1 Rm opcode 1 Rn Rd, vector; 01 U 11110 a sz 1 Rm opcode 1 Rn Rd, scalar.
        (string Name, int U, int A, string Opcode, bool Pairwise, bool Scalar)[] same =
        [
            ("FMAXNM", 0, 0, "11000", false, false), ("FMLA", 0, 0, "11001", false, false), ("FADD", 0, 0, "11010", false, false),
            ("FMULX", 0, 0, "11011", false, true), ("FCMEQ", 0, 0, "11100", false, true), ("FMAX", 0, 0, "11110", false, false),
            ("FRECPS", 0, 0, "11111", false, true), ("FMINNM", 0, 1, "11000", false, false), ("FMLS", 0, 1, "11001", false, false),
            ("FSUB", 0, 1, "11010", false, false), ("FMIN", 0, 1, "11110", false, false), ("FRSQRTS", 0, 1, "11111", false, true),
            ("FMAXNMP", 1, 0, "11000", true, false), ("FADDP", 1, 0, "11010", true, false), ("FMUL", 1, 0, "11011", false, false),
            ("FCMGE", 1, 0, "11100", false, true), ("FACGE", 1, 0, "11101", false, true), ("FMAXP", 1, 0, "11110", true, false),
            ("FDIV", 1, 0, "11111", false, false), ("FMINNMP", 1, 1, "11000", true, false), ("FABD", 1, 1, "11010", false, true),
            ("FCMGT", 1, 1, "11100", false, true), ("FACGT", 1, 1, "11101", false, true), ("FMINP", 1, 1, "11110", true, false),
        ];
        foreach ((string name, int u, int a, string opcode, bool pairwise, bool scalar) in same)
        {
            Row(rows, name + "_vec", $"0 Q:1 {u} 01110 {a} sz:1 1 Rm:5 {opcode} 1 Rn:5 Rd:5", IC.SimdFp, pairwise ? &FV.Pairwise : &FV.Elementwise, &FP.ThreeSameVector, Always);
            if (scalar)
            {
                Row(rows, name + "_scalar", $"01 {u} 11110 {a} sz:1 1 Rm:5 {opcode} 1 Rn:5 Rd:5", IC.SimdFp, &FV.Elementwise, &FP.ThreeSameScalar, Always);
            }
        }

        // Two-register misc (FP): 0 Q U 01110 a sz 10000 opcode 10 Rn Rd; scalar 01 U 11110 a sz 10000 opcode 10 Rn Rd.
        (string Name, int U, int A, string Opcode, bool Vector, bool Scalar)[] misc =
        [
            ("FRINTN", 0, 0, "11000", true, false), ("FRINTM", 0, 0, "11001", true, false), ("FCVTNS", 0, 0, "11010", true, true),
            ("FCVTMS", 0, 0, "11011", true, true), ("FCVTAS", 0, 0, "11100", true, true), ("SCVTF", 0, 0, "11101", true, true),
            ("FCMGT_zero", 0, 1, "01100", true, true), ("FCMEQ_zero", 0, 1, "01101", true, true), ("FCMLT_zero", 0, 1, "01110", true, true),
            ("FABS", 0, 1, "01111", true, false), ("FRINTP", 0, 1, "11000", true, false), ("FRINTZ", 0, 1, "11001", true, false),
            ("FCVTPS", 0, 1, "11010", true, true), ("FCVTZS", 0, 1, "11011", true, true), ("URECPE", 0, 1, "11100", true, false),
            ("FRECPE", 0, 1, "11101", true, true), ("FRECPX", 0, 1, "11111", false, true),
            ("FRINTA", 1, 0, "11000", true, false), ("FRINTX", 1, 0, "11001", true, false), ("FCVTNU", 1, 0, "11010", true, true),
            ("FCVTMU", 1, 0, "11011", true, true), ("FCVTAU", 1, 0, "11100", true, true), ("UCVTF", 1, 0, "11101", true, true),
            ("FCMGE_zero", 1, 1, "01100", true, true), ("FCMLE_zero", 1, 1, "01101", true, true), ("FNEG", 1, 1, "01111", true, false),
            ("FRINTI", 1, 1, "11001", true, false), ("FCVTPU", 1, 1, "11010", true, true), ("FCVTZU", 1, 1, "11011", true, true),
            ("URSQRTE", 1, 1, "11100", true, false), ("FRSQRTE", 1, 1, "11101", true, true), ("FSQRT", 1, 1, "11111", true, false),
        ];
        foreach ((string name, int u, int a, string opcode, bool vector, bool scalar) in misc)
        {
            if (vector)
            {
                Row(rows, name + "_vec", $"0 Q:1 {u} 01110 {a} sz:1 10000 {opcode} 10 Rn:5 Rd:5", IC.SimdFp, &FV.Elementwise, &FP.MiscVector, Always);
            }

            if (scalar)
            {
                Row(rows, name + "_scalar", $"01 {u} 11110 {a} sz:1 10000 {opcode} 10 Rn:5 Rd:5", IC.SimdFp, &FV.Elementwise, &FP.MiscScalar, Always);
            }
        }

        Row(rows, "FCVTN", "0 Q:1 0 01110 0 sz:1 10000 10110 10 Rn:5 Rd:5", IC.SimdFp, &FV.ConvertNarrow, &FP.ConvertNarrow, Always);
        Row(rows, "FCVTXN", "0 Q:1 1 01110 0 sz:1 10000 10110 10 Rn:5 Rd:5", IC.SimdFp, &FV.ConvertNarrow, &FP.ConvertNarrow, Always);
        Row(rows, "FCVTXN_scalar", "01 1 11110 0 sz:1 10000 10110 10 Rn:5 Rd:5", IC.SimdFp, &FV.ConvertNarrow, &FP.ConvertNarrow, Always);
        Row(rows, "FCVTL", "0 Q:1 0 01110 0 sz:1 10000 10111 10 Rn:5 Rd:5", IC.SimdFp, &FV.ConvertLong, &FP.ConvertLong, Always);

        // Across lanes (FP) and scalar pairwise (FP).
        Row(rows, "FMAXNMV", "0 Q:1 1 01110 0 sz:1 11000 01100 10 Rn:5 Rd:5", IC.SimdFp, &FV.AcrossLanes, &FP.AcrossLanes, Always);
        Row(rows, "FMINNMV", "0 Q:1 1 01110 1 sz:1 11000 01100 10 Rn:5 Rd:5", IC.SimdFp, &FV.AcrossLanes, &FP.AcrossLanes, Always);
        Row(rows, "FMAXV", "0 Q:1 1 01110 0 sz:1 11000 01111 10 Rn:5 Rd:5", IC.SimdFp, &FV.AcrossLanes, &FP.AcrossLanes, Always);
        Row(rows, "FMINV", "0 Q:1 1 01110 1 sz:1 11000 01111 10 Rn:5 Rd:5", IC.SimdFp, &FV.AcrossLanes, &FP.AcrossLanes, Always);
        Row(rows, "FMAXNMP_scalar", "01 1 11110 0 sz:1 11000 01100 10 Rn:5 Rd:5", IC.SimdFp, &FV.PairScalar, &FP.PairScalar, Always);
        Row(rows, "FMINNMP_scalar", "01 1 11110 1 sz:1 11000 01100 10 Rn:5 Rd:5", IC.SimdFp, &FV.PairScalar, &FP.PairScalar, Always);
        Row(rows, "FADDP_scalar", "01 1 11110 0 sz:1 11000 01101 10 Rn:5 Rd:5", IC.SimdFp, &FV.PairScalar, &FP.PairScalar, Always);
        Row(rows, "FMAXP_scalar", "01 1 11110 0 sz:1 11000 01111 10 Rn:5 Rd:5", IC.SimdFp, &FV.PairScalar, &FP.PairScalar, Always);
        Row(rows, "FMINP_scalar", "01 1 11110 1 sz:1 11000 01111 10 Rn:5 Rd:5", IC.SimdFp, &FV.PairScalar, &FP.PairScalar, Always);

        // Fixed-point conversions by immediate: immh 01xx (single) or 1xxx (double); 001x would be half precision (FP16).
        (string Name, int U, string Opcode)[] fixedPoint = [("SCVTF", 0, "11100"), ("UCVTF", 1, "11100"), ("FCVTZS", 0, "11111"), ("FCVTZU", 1, "11111")];
        foreach ((string name, int u, string opcode) in fixedPoint)
        {
            foreach ((string suffix, string immh) in (ReadOnlySpan<(string, string)>)[("_S", "01xx"), ("_D", "1xxx")])
            {
                Row(rows, name + "_fixed_vec" + suffix, $"0 Q:1 {u} 011110 {immh} immb:3 {opcode} 1 Rn:5 Rd:5", IC.SimdFp, &FV.Elementwise, &FP.FixedPointVector, Always);
                Row(rows, name + "_fixed_scalar" + suffix, $"01 {u} 111110 {immh} immb:3 {opcode} 1 Rn:5 Rd:5", IC.SimdFp, &FV.Elementwise, &FP.FixedPointScalar, Always);
            }
        }

        AddSimdByElementRows(rows);
    }

    private static void AddSimdByElementRows(List<A64Encoding> rows)
    {
        // FP by element: 0 Q U 01111 1 sz L M Rm opcode H 0 Rn Rd; scalar 01 U 11111 1 sz L M Rm opcode H 0 Rn Rd.
        (string Name, int U, string Opcode)[] fp = [("FMLA", 0, "0001"), ("FMLS", 0, "0101"), ("FMUL", 0, "1001"), ("FMULX", 1, "1001")];
        foreach ((string name, int u, string opcode) in fp)
        {
            Row(rows, name + "_elem", $"0 Q:1 {u} 01111 1 sz:1 L:1 M:1 Rm:4 {opcode} H:1 0 Rn:5 Rd:5", IC.SimdFp, &FV.Elementwise, &FP.ByElementVector, Always);
            Row(rows, name + "_elem_scalar", $"01 {u} 11111 1 sz:1 L:1 M:1 Rm:4 {opcode} H:1 0 Rn:5 Rd:5", IC.SimdFp, &FV.Elementwise, &FP.ByElementScalar, Always);
        }

        // Integer by element: 0 Q U 01111 size L M Rm opcode H 0 Rn Rd; scalar forms only for the saturating doubling ones.
        (string Name, int U, string Opcode, bool Scalar)[] integer =
        [
            ("SMLAL_elem", 0, "0010", false), ("SQDMLAL_elem", 0, "0011", true), ("SMLSL_elem", 0, "0110", false),
            ("SQDMLSL_elem", 0, "0111", true), ("MUL_elem", 0, "1000", false), ("SMULL_elem", 0, "1010", false),
            ("SQDMULL_elem", 0, "1011", true), ("SQDMULH_elem", 0, "1100", true), ("SQRDMULH_elem", 0, "1101", true),
            ("MLA_elem", 1, "0000", false), ("UMLAL_elem", 1, "0010", false), ("MLS_elem", 1, "0100", false),
            ("UMLSL_elem", 1, "0110", false), ("UMULL_elem", 1, "1010", false),
        ];
        foreach ((string name, int u, string opcode, bool scalar) in integer)
        {
            Row(rows, name, $"0 Q:1 {u} 01111 size:2 L:1 M:1 Rm:4 {opcode} H:1 0 Rn:5 Rd:5", IC.SimdFp, &SimdByElement.Execute, &SimdByElement.PrepareVector, Always);
            if (scalar)
            {
                Row(rows, name + "_scalar", $"01 {u} 11111 size:2 L:1 M:1 Rm:4 {opcode} H:1 0 Rn:5 Rd:5", IC.SimdFp, &SimdByElement.Execute, &SimdByElement.PrepareScalar, Always);
            }
        }
    }
}
