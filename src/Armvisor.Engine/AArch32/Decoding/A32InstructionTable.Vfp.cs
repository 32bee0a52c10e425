using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.AArch32.Semantics;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;

namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// VFPv4-D32 (coprocessors 10 and 11, DDI0487 F4.1.x "Floating-point data-processing", "Advanced SIMD and
/// floating-point load/store and 64-bit register moves", "Advanced SIMD and floating-point 32-bit register moves"):
/// the rows of the ARMv7-A/Cortex-A15 floating-point set. The Armv8-only AArch32 forms (VSEL, VMAXNM/VMINNM, VRINT*,
/// VCVTA/N/P/M, VJCVT, half &lt;-&gt; double) are UNDEFINED, as on the Cortex-A15 this machine models.
/// </summary>
public static unsafe partial class A32InstructionTable
{
    private static void AddVfpRows(List<A32Encoding> rows)
    {
        const IC fp = IC.SimdFp;
        const string three = "Vn:4 Vd:4 101 sz:1 N:1 op:1 M:1 0 Vm:4";
        const string two = "Vd:4 101 sz:1 op:1 1 M:1 0 Vm:4";

        // Three registers: VMLA/VMLS, VNMLS/VNMLA, VMUL/VNMUL, VADD/VSUB (opc1 = 0xxx), VDIV (1x00, op = 0),
        // VFNMS/VFNMA (1x01), VFMA/VFMS (1x10).
        Row(rows, "VFP_mla_mul_add", $"cond:4 1110 0 D:1 opc:2 {three}", fp, &VfpDataProcessing.ThreeRegister, &VfpDataProcessing.PrepareThreeRegister);
        Row(rows, "VDIV", "cond:4 1110 1 D:1 00 Vn:4 Vd:4 101 sz:1 N:1 0 M:1 0 Vm:4", fp, &VfpDataProcessing.ThreeRegister, &VfpDataProcessing.PrepareThreeRegister);
        Row(rows, "VFNMA_VFNMS", $"cond:4 1110 1 D:1 01 {three}", fp, &VfpDataProcessing.ThreeRegister, &VfpDataProcessing.PrepareThreeRegister);
        Row(rows, "VFMA_VFMS", $"cond:4 1110 1 D:1 10 {three}", fp, &VfpDataProcessing.ThreeRegister, &VfpDataProcessing.PrepareThreeRegister);

        // "Other floating-point data-processing" (opc1 = 1x11), by opc2 (bits [19:16]) and opc3 (bits [7:6]).
        Row(rows, "VMOV_imm", "cond:4 1110 1 D:1 11 imm4H:4 Vd:4 101 sz:1 0000 imm4L:4", fp, &VfpDataProcessing.MoveImmediate, &VfpDataProcessing.PrepareMoveImmediate);
        Row(rows, "VMOV_VABS", $"cond:4 1110 1 D:1 11 0000 {two}", fp, &VfpDataProcessing.TwoRegister, &VfpDataProcessing.PrepareTwoRegister);
        Row(rows, "VNEG_VSQRT", $"cond:4 1110 1 D:1 11 0001 {two}", fp, &VfpDataProcessing.TwoRegister, &VfpDataProcessing.PrepareTwoRegister);
        Row(rows, "VCVTB_VCVTT", "cond:4 1110 1 D:1 11 001 op:1 Vd:4 101 sz:1 T:1 1 M:1 0 Vm:4", fp, &VfpConversion.Half, &VfpConversion.PrepareHalf);
        Row(rows, "VCMP_VCMPE", "cond:4 1110 1 D:1 11 010 Z:1 Vd:4 101 sz:1 E:1 1 M:1 0 Vm:4", fp, &VfpDataProcessing.Compare, &VfpDataProcessing.PrepareCompare);
        Row(rows, "VCVT_dp_sp", "cond:4 1110 1 D:1 11 0111 Vd:4 101 sz:1 11 M:1 0 Vm:4", fp, &VfpConversion.Precision, &VfpConversion.PreparePrecision);
        Row(rows, "VCVT_from_int", $"cond:4 1110 1 D:1 11 1000 {two}", fp, &VfpConversion.FromInteger, &VfpConversion.PrepareFromInteger);
        Row(rows, "VCVT_fixed", "cond:4 1110 1 D:1 11 1 op:1 1 U:1 Vd:4 101 sf:1 sx:1 1 i:1 0 imm4:4", fp, &VfpConversion.Fixed, &VfpConversion.PrepareFixed);
        Row(rows, "VCVT_to_int", "cond:4 1110 1 D:1 11 110 s:1 Vd:4 101 sz:1 op:1 1 M:1 0 Vm:4", fp, &VfpConversion.ToInteger, &VfpConversion.PrepareToInteger);

        // Extension register load/store: VLDR/VSTR (P = 1, W = 0), VLDM/VSTM increment after (P:U = 01) and
        // decrement before with write-back (P:U:W = 101; VPUSH/VPOP are the SP forms); P:U = 00 with D:W = 10 is the
        // 64-bit register moves below, the other P:U:W combinations are UNDEFINED.
        const GeneratorPolicy memory = GeneratorPolicy.ConstrainedBaseRegister;
        const IC ls = IC.LoadStoreSimd;
        Row(rows, "VLDR_VSTR", "cond:4 1101 U:1 D:1 0 L:1 Rn:4 Vd:4 101 sz:1 imm8:8", ls, &VfpLoadStore.Single, &VfpLoadStore.PrepareSingle, memory);
        Row(rows, "VLDM_VSTM_ia", "cond:4 1100 1 D:1 W:1 L:1 Rn:4 Vd:4 101 sz:1 imm8:8", ls, &VfpLoadStore.Multiple, &VfpLoadStore.PrepareMultiple, memory);
        Row(rows, "VLDM_VSTM_db", "cond:4 1101 0 D:1 1 L:1 Rn:4 Vd:4 101 sz:1 imm8:8", ls, &VfpLoadStore.Multiple, &VfpLoadStore.PrepareMultiple, memory);

        // Core <-> extension register moves.
        Row(rows, "VMOV_core_single_pair", "cond:4 1100 010 op:1 Rt2:4 Rt:4 1010 00 M:1 1 Vm:4", fp, &VfpTransfer.CoreDouble, &VfpTransfer.PrepareCoreDouble);
        Row(rows, "VMOV_core_double", "cond:4 1100 010 op:1 Rt2:4 Rt:4 1011 00 M:1 1 Vm:4", fp, &VfpTransfer.CoreDouble, &VfpTransfer.PrepareCoreDouble);
        Row(rows, "VMOV_core_single", "cond:4 1110 000 op:1 Vn:4 Rt:4 1010 N:1 001 0000", fp, &VfpTransfer.CoreSingle, &VfpTransfer.PrepareCoreSingle);
        Row(rows, "VMSR", "cond:4 1110 1110 reg:4 Rt:4 1010 0001 0000", fp, &VfpTransfer.MoveToSystem, &VfpTransfer.PrepareSystem, GeneratorPolicy.Never);
        Row(rows, "VMRS", "cond:4 1110 1111 reg:4 Rt:4 1010 0001 0000", fp, &VfpTransfer.MoveFromSystem, &VfpTransfer.PrepareSystem);
        Row(rows, "VMOV_core_scalar", "cond:4 1110 0 opc1:2 0 Vd:4 Rt:4 1011 D:1 opc2:2 1 0000", fp, &VfpTransfer.Scalar, &VfpTransfer.PrepareScalar);
        Row(rows, "VMOV_scalar_core", "cond:4 1110 U:1 opc1:2 1 Vn:4 Rt:4 1011 N:1 opc2:2 1 0000", fp, &VfpTransfer.Scalar, &VfpTransfer.PrepareScalar);
    }
}
