using Armvisor.Engine.AArch32.Decoding;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>The VFP rows of the A32 table: words from GNU as (-mfpu=neon-vfpv4) decode to their row, in the shared
/// FP/SIMD decode T32 uses too; the Armv8-only and UNPREDICTABLE forms are UNDEFINED.</summary>
public class VfpInstructionTableTests
{
    [Theory]
    [InlineData(0xEE300A81u, "VFP_mla_mul_add")] // vadd.f32 s0, s1, s2
    [InlineData(0xEE710BEFu, "VFP_mla_mul_add")] // vsub.f64 d16, d17, d31
    [InlineData(0xEE100AC1u, "VFP_mla_mul_add")] // vnmla.f32
    [InlineData(0xEE810B02u, "VDIV")]
    [InlineData(0xEE900AC1u, "VFNMA_VFNMS")] // vfnma.f32
    [InlineData(0xEEA10B42u, "VFMA_VFMS")] // vfms.f64
    [InlineData(0xEEB70A00u, "VMOV_imm")] // vmov.f32 s0, #1.0
    [InlineData(0xEEB00BC1u, "VMOV_VABS")] // vabs.f64
    [InlineData(0xEEB10BC1u, "VNEG_VSQRT")] // vsqrt.f64
    [InlineData(0xEEB30AE0u, "VCVTB_VCVTT")] // vcvtt.f16.f32
    [InlineData(0xEEB50BC0u, "VCMP_VCMPE")] // vcmpe.f64 d0, #0
    [InlineData(0xEEB70BC1u, "VCVT_dp_sp")] // vcvt.f32.f64
    [InlineData(0xEEB80BE0u, "VCVT_from_int")] // vcvt.f64.s32
    [InlineData(0xEEBE0A66u, "VCVT_fixed")] // vcvt.s16.f32 s0, s0, #3
    [InlineData(0xEEBC0A60u, "VCVT_to_int")] // vcvtr.u32.f32
    [InlineData(0xED421B02u, "VLDR_VSTR")] // vstr d17, [r2, #-8]
    [InlineData(0xECB10B08u, "VLDM_VSTM_ia")] // vldmia r1!, {d0-d3}
    [InlineData(0xED2D8B10u, "VLDM_VSTM_db")] // vpush {d8-d15}
    [InlineData(0xEC510B15u, "VMOV_core_double")] // vmov r0, r1, d5
    [InlineData(0xEC432A10u, "VMOV_core_single_pair")] // vmov s0, s1, r2, r3
    [InlineData(0xEE014A90u, "VMOV_core_single")] // vmov s3, r4
    [InlineData(0xEEE10A10u, "VMSR")] // vmsr fpscr, r0
    [InlineData(0xEEF1FA10u, "VMRS")] // vmrs APSR_nzcv, fpscr
    [InlineData(0xEE230B10u, "VMOV_core_scalar")] // vmov.32 d3[1], r0
    [InlineData(0xEEF30B70u, "VMOV_scalar_core")] // vmov.u8 r0, d3[7]
    public void Decode_AssembledWord_ItsRowInBothDecoders(uint word, string mnemonic)
    {
        Assert.Equal(mnemonic, A32InstructionTable.Decode(word)?.Mnemonic);
        Assert.Equal(mnemonic, A32InstructionTable.DecodeFpSimd(word)?.Mnemonic);
    }

    [Theory]
    [InlineData(0xFE000A00u)] // vseleq.f32 (Armv8)
    [InlineData(0xFE800A00u)] // vmaxnm.f32 (Armv8)
    [InlineData(0xEEB60A40u)] // vrintr.f32 (Armv8)
    [InlineData(0xEEB20B60u)] // vcvtb.f64.f16 (Armv8 half <-> double)
    [InlineData(0xEEF20A10u)] // vmrs r0, mvfr2 (Armv8)
    [InlineData(0xEEF90A10u)] // vmrs r0, fpinst (not in VFPv3+)
    [InlineData(0xEEB50A61u)] // vcmp.f32 s0, #0 with Vm != 0 (should-be-zero)
    [InlineData(0xEC900A00u)] // vldmia r0, {} (no registers)
    [InlineData(0xECBF0B04u)] // vldmia pc!, {d0-d1} (write-back to PC)
    [InlineData(0xECB00B22u)] // vldmia r0!, {d0-d16} (17 doubles)
    [InlineData(0xEE10FA10u)] // vmov pc, s0
    [InlineData(0xEE900B10u)] // vmov.u32 r0, d0[0]: U = 1 with a word
    [InlineData(0xEEBA0A6Fu)] // vcvt.f32.s16 s0, s0 with imm4:i = 31: 16 - 31 fraction bits
    public void Decode_Armv8OnlyOrUnpredictable_Undefined(uint word) => Assert.Null(A32InstructionTable.Decode(word));
}
