using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.AArch32.Semantics;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;

namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// Advanced SIMD (DDI0487 F4.1.x "Advanced SIMD data-processing" in the unconditional space 1111 001x, "Advanced
/// SIMD element or structure load/store" at 1111 0100 xxx0, and VDUP among the 32-bit register moves).
/// </summary>
public static unsafe partial class A32InstructionTable
{
    private static void AddNeonRows(List<A32Encoding> rows)
    {
        const IC simd = IC.SimdFp;
        // Three registers of the same length: integer (opc 0xxx, 10xx) and single precision (opc 11xx).
        Row(rows, "NEON_3same_int_lo", "1111 001 U:1 0 D:1 size:2 Vn:4 Vd:4 0 opc:3 N:1 Q:1 M:1 o1:1 Vm:4", simd, &NeonThreeSame.Execute, &NeonThreeSame.Prepare);
        Row(rows, "NEON_3same_int_hi", "1111 001 U:1 0 D:1 size:2 Vn:4 Vd:4 10 opc:2 N:1 Q:1 M:1 o1:1 Vm:4", simd, &NeonThreeSame.Execute, &NeonThreeSame.Prepare);
        Row(rows, "NEON_3same_float", "1111 001 U:1 0 D:1 sz:2 Vn:4 Vd:4 11 opc:2 N:1 Q:1 M:1 o1:1 Vm:4", simd, &NeonThreeSameFloat.Execute, &NeonThreeSameFloat.Prepare);

        // Two registers and a shift amount (bit 4 = 1): L:imm6 = 0000xxx is the modified-immediate space.
        Row(rows, "NEON_shift_64", "1111 001 U:1 1 D:1 imm6:6 Vd:4 opc:4 1 Q:1 M:1 1 Vm:4", simd, &NeonShiftImmediate.Execute, &NeonShiftImmediate.Prepare);
        Row(rows, "NEON_shift_32", "1111 001 U:1 1 D:1 1 imm5:5 Vd:4 opc:4 0 Q:1 M:1 1 Vm:4", simd, &NeonShiftImmediate.Execute, &NeonShiftImmediate.Prepare);
        Row(rows, "NEON_shift_16", "1111 001 U:1 1 D:1 01 imm4:4 Vd:4 opc:4 0 Q:1 M:1 1 Vm:4", simd, &NeonShiftImmediate.Execute, &NeonShiftImmediate.Prepare);
        Row(rows, "NEON_shift_8", "1111 001 U:1 1 D:1 001 imm3:3 Vd:4 opc:4 0 Q:1 M:1 1 Vm:4", simd, &NeonShiftImmediate.Execute, &NeonShiftImmediate.Prepare);

        // Three registers of different lengths (bit 6 = 0) and two registers and a scalar (bit 6 = 1), bit 4 = 0,
        // size != 11 (size 11 is VEXT, VTBL, VDUP and the miscellaneous group).
        Row(rows, "NEON_3diff_8_16", "1111 001 U:1 1 D:1 0 s:1 Vn:4 Vd:4 opc:4 N:1 0 M:1 0 Vm:4", simd, &NeonThreeDifferent.Execute, &NeonThreeDifferent.Prepare);
        Row(rows, "NEON_3diff_32", "1111 001 U:1 1 D:1 10 Vn:4 Vd:4 opc:4 N:1 0 M:1 0 Vm:4", simd, &NeonThreeDifferent.Execute, &NeonThreeDifferent.Prepare);
        Row(rows, "NEON_scalar_8_16", "1111 001 Q:1 1 D:1 0 s:1 Vn:4 Vd:4 opc:4 N:1 1 M:1 0 Vm:4", simd, &NeonByScalar.Execute, &NeonByScalar.Prepare);
        Row(rows, "NEON_scalar_32", "1111 001 Q:1 1 D:1 10 Vn:4 Vd:4 opc:4 N:1 1 M:1 0 Vm:4", simd, &NeonByScalar.Execute, &NeonByScalar.Prepare);

        // Two registers, miscellaneous.
        Row(rows, "NEON_2reg_misc", "1111 0011 1 D:1 11 size:2 A:2 Vd:4 0 B:5 M:1 0 Vm:4", simd, &NeonTwoRegisterMisc.Execute, &NeonTwoRegisterMisc.Prepare);

        // One register and a modified immediate; VEXT; VTBL/VTBX; VDUP (scalar and core register).
        Row(rows, "NEON_modified_imm", "1111 001 a:1 1 D:1 000 bcd:3 Vd:4 cmode:4 0 Q:1 op:1 1 efgh:4", simd, &NeonPermute.ModifiedImmediate, &NeonPermute.PrepareModifiedImmediate);
        Row(rows, "VEXT", "1111 0010 1 D:1 11 Vn:4 Vd:4 imm4:4 N:1 Q:1 M:1 0 Vm:4", simd, &NeonPermute.Extract, &NeonPermute.PrepareExtract);
        Row(rows, "VTBL_VTBX", "1111 0011 1 D:1 11 Vn:4 Vd:4 10 len:2 N:1 op:1 M:1 0 Vm:4", simd, &NeonPermute.Table, &NeonPermute.PrepareTable);
        Row(rows, "VDUP_scalar", "1111 0011 1 D:1 11 imm4:4 Vd:4 11000 Q:1 M:1 0 Vm:4", simd, &NeonPermute.DuplicateScalar, &NeonPermute.PrepareDuplicateScalar);
        Row(rows, "VDUP_core", "cond:4 1110 1 b:1 Q:1 0 Vd:4 Rt:4 1011 D:1 0 e:1 1 0000", simd, &NeonPermute.DuplicateCore, &NeonPermute.PrepareDuplicateCore);

        // Element and structure loads/stores: multiple structures (A = 0), one lane (A = 1, size != 11), all lanes.
        const GeneratorPolicy memory = GeneratorPolicy.ConstrainedBaseRegister;
        const IC ls = IC.LoadStoreSimd;
        Row(rows, "VLDn_VSTn_multiple", "1111 0100 0 D:1 L:1 0 Rn:4 Vd:4 type:4 size:2 align:2 Rm:4", ls, &NeonStructureTransfer.Execute, &NeonStructureTransfer.PrepareMultiple, memory);
        Row(rows, "VLDn_VSTn_lane_8_16", "1111 0100 1 D:1 L:1 0 Rn:4 Vd:4 0 size:1 n:2 index_align:4 Rm:4", ls, &NeonStructureTransfer.Execute, &NeonStructureTransfer.PrepareOneLane, memory);
        Row(rows, "VLDn_VSTn_lane_32", "1111 0100 1 D:1 L:1 0 Rn:4 Vd:4 10 n:2 index_align:4 Rm:4", ls, &NeonStructureTransfer.Execute, &NeonStructureTransfer.PrepareOneLane, memory);
        Row(rows, "VLDn_all_lanes", "1111 0100 1 D:1 1 0 Rn:4 Vd:4 11 n:2 size:2 T:1 a:1 Rm:4", ls, &NeonStructureTransfer.Execute, &NeonStructureTransfer.PrepareAllLanes, memory);
    }
}
