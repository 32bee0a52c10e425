using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>
/// VFPv4-D32 in AArch32 EL1 (DDI0487 F5.1 and the FPSCR/FPEXC rules of G1.19, G8.2.53): the register file's view of
/// V0-V31, arithmetic with FPSCR flags, chained versus fused multiply-accumulate, conversions, loads and stores, VMRS/
/// VMSR, and the FPEXC.EN / CPACR / CPTR_EL2 routing. Expected values are worked out by hand from the Arm pseudocode.
/// </summary>
public class VfpExecutionTests
{
    private const uint Ioc = 1, Dzc = 2, Ixc = 16;
    private const uint FpexcEn = 1u << 30;
    private static readonly SystemRegisterEncoding Fpexc32El2 = new(3, 4, 5, 3, 0);
    private static readonly SystemRegisterEncoding CpacrEl1 = new(3, 0, 1, 0, 2);
    private static readonly SystemRegisterEncoding CptrEl2 = new(3, 4, 1, 1, 2);

    private static A32Machine Enabled(ulong hcr = 0)
    {
        var m = new A32Machine(hcr);
        m.Cpu.SetSystemRegister(CpacrEl1, 3UL << 20);
        m.Cpu.SetSystemRegister(Fpexc32El2, FpexcEn);
        return m;
    }

    private static uint S(A32Machine m, int n) => (uint)(m.Cpu.GetVectorRegister(n / 4) >> (32 * (n % 4)));

    private static ulong D(A32Machine m, int n) => (ulong)(m.Cpu.GetVectorRegister(n / 2) >> (64 * (n % 2)));

    private static void SetS(A32Machine m, int n, uint value)
    {
        UInt128 v = m.Cpu.GetVectorRegister(n / 4);
        int shift = 32 * (n % 4);
        m.Cpu.SetVectorRegister(n / 4, (v & ~((UInt128)0xFFFF_FFFFu << shift)) | ((UInt128)value << shift));
    }

    private static void SetD(A32Machine m, int n, ulong value)
    {
        UInt128 v = m.Cpu.GetVectorRegister(n / 2);
        int shift = 64 * (n % 2);
        m.Cpu.SetVectorRegister(n / 2, (v & ~((UInt128)ulong.MaxValue << shift)) | ((UInt128)value << shift));
    }

    [Fact]
    public void VaddF32_SingleRegistersAreWordsOfTheVectorFile()
    {
        using A32Machine m = Enabled();
        SetS(m, 1, 0x3FC0_0000); // 1.5
        SetS(m, 2, 0x4010_0000); // 2.25
        m.Run(0xEE300A81, A32Machine.Hvc0); // vadd.f32 s0, s1, s2

        Assert.Equal(0x4070_0000u, S(m, 0)); // 3.75
        Assert.Equal(0x4070_0000u, (uint)m.Cpu.GetVectorRegister(0));
    }

    [Fact]
    public void VmovF64Immediate_D17IsTheHighHalfOfV8()
    {
        using A32Machine m = Enabled();
        m.Run(0xEEF81B04, A32Machine.Hvc0); // vmov.f64 d17, #-2.5

        Assert.Equal(0xC004_0000_0000_0000UL, (ulong)(m.Cpu.GetVectorRegister(8) >> 64));
        Assert.Equal(0UL, (ulong)m.Cpu.GetVectorRegister(8));
    }

    [Fact]
    public void Vmla_RoundsTheProductButVfmaDoesNot()
    {
        // a = 1 + 2^-23: a*a = 1 + 2^-22 + 2^-46, rounded to 1 + 2^-22; with s0 = -(1 + 2^-22) the chained sum is +0,
        // the fused one the exact 2^-46.
        using A32Machine m = Enabled();
        SetS(m, 1, 0x3F80_0001);
        SetS(m, 0, 0xBF80_0002);
        m.Run(0xEE000AA0, A32Machine.Hvc0); // vmla.f32 s0, s1, s1
        Assert.Equal(0u, S(m, 0));

        SetS(m, 0, 0xBF80_0002);
        m.Run(0xEEA00AA0, A32Machine.Hvc0); // vfma.f32 s0, s1, s1
        Assert.Equal(0x2880_0000u, S(m, 0)); // 2^-46
    }

    [Fact]
    public void VdivF64ByZero_InfinityAndDzcInFpscr()
    {
        using A32Machine m = Enabled();
        SetD(m, 1, 0x3FF0_0000_0000_0000); // 1.0
        SetD(m, 2, 0);
        m.Run(0xEE810B02, 0xEEF10A10, A32Machine.Hvc0); // vdiv.f64 d0, d1, d2; vmrs r0, fpscr

        Assert.Equal(0x7FF0_0000_0000_0000UL, D(m, 0));
        Assert.Equal(Dzc, m.X(0) & 0x9F);
    }

    [Fact]
    public void VcmpThenVmrsApsrNzcv_FlagsReachTheCpsr()
    {
        using A32Machine m = Enabled();
        SetS(m, 0, 0x3F80_0000); // 1.0
        SetS(m, 1, 0x4000_0000); // 2.0
        m.Run(0xEEB40A60, 0xEEF1FA10, A32Machine.Hvc0); // vcmp.f32 s0, s1; vmrs APSR_nzcv, fpscr

        Assert.Equal(0x8000_0000u, m.Cpsr & 0xF000_0000); // less than: N
    }

    [Fact]
    public void VcmpWithNaN_UnorderedAndQuietNaNSignalsOnlyForVcmpe()
    {
        using A32Machine m = Enabled();
        SetS(m, 0, 0x7FC0_0000);
        SetS(m, 1, 0x3F80_0000);
        m.Run(0xEEB40A60, 0xEEF10A10, A32Machine.Hvc0); // vcmp.f32 s0, s1; vmrs r0, fpscr
        Assert.Equal(0x3000_0000u, m.X(0) & 0xF000_0000);
        Assert.Equal(0u, m.X(0) & Ioc);

        m.Run(0xEEB40AE0, 0xEEF10A10, A32Machine.Hvc0); // vcmpe.f32 s0, s1
        Assert.Equal(Ioc, m.X(0) & Ioc);
    }

    [Fact]
    public void Vcvt_TowardsZeroButVcvtrUsesFpscrRounding()
    {
        using A32Machine m = Enabled();
        SetS(m, 1, 0xC02C_CCCD); // -2.7
        m.Run(0xEEBD0AE0, A32Machine.Hvc0); // vcvt.s32.f32 s0, s1
        Assert.Equal(unchecked((uint)-2), S(m, 0));

        m.SetX(1, 2u << 22); // RMode = RM (towards minus infinity)
        m.Run(0xEEE11A10, 0xEEBD0A60, 0xEEF10A10, A32Machine.Hvc0); // vmsr fpscr, r1; vcvtr.s32.f32 s0, s1; vmrs r0, fpscr
        Assert.Equal(unchecked((uint)-3), S(m, 0));
        Assert.Equal(Ixc, m.X(0) & 0x9F);
    }

    [Fact]
    public void VcvtFixedPoint16_ScalesAndSignExtends()
    {
        using A32Machine m = Enabled();
        SetS(m, 0, 0xBFC0_0000); // -1.5
        m.Run(0xEEBE0A66, A32Machine.Hvc0); // vcvt.s16.f32 s0, s0, #3

        Assert.Equal(unchecked((uint)-12), S(m, 0));
    }

    [Fact]
    public void VcvtFromFixedPoint_RoundsToNearestWhateverFpscrRMode()
    {
        // 0x02000003 with one fraction bit is 2^24 + 1.5, between the singles 2^24 and 2^24 + 2: to nearest gives
        // 2^24 + 2 (FixedToFP with FPRounding_TIEEVEN), although FPSCR asks for round towards zero.
        using A32Machine m = Enabled();
        m.SetX(1, 3u << 22);
        SetS(m, 0, 0x0200_0003);
        m.Run(0xEEE11A10, 0xEEBA0AEF, A32Machine.Hvc0); // vmsr fpscr, r1; vcvt.f32.s32 s0, s0, #1

        Assert.Equal(0x4B80_0001u, S(m, 0));
    }

    [Fact]
    public void VcvtFromSigned16BitFixedPoint_SignOfBit15()
    {
        using A32Machine m = Enabled();
        SetD(m, 14, 0x1234_5678_ABCD_FFFF); // low halfword -1
        m.Run(0xEEBAEB48, A32Machine.Hvc0); // vcvt.f64.s16 d14, d14, #16 - 16 = 0 fraction bits

        Assert.Equal(0xBFF0_0000_0000_0000UL, D(m, 14)); // -1.0
    }

    [Fact]
    public void VcvtbVcvtt_HalfPrecisionInTheBottomAndTopHalves()
    {
        using A32Machine m = Enabled();
        SetS(m, 1, 0xABCD_3C00); // bottom half 1.0 (half)
        m.Run(0xEEB20A60, A32Machine.Hvc0); // vcvtb.f32.f16 s0, s1
        Assert.Equal(0x3F80_0000u, S(m, 0));

        m.Run(0xEEF30AC0, A32Machine.Hvc0); // vcvtt.f16.f32 s1, s0: top half of s1 = 1.0, bottom kept
        Assert.Equal(0x3C00_3C00u, S(m, 1));
    }

    [Fact]
    public void VstrVldrAndVpushVpop_MoveDoublewordsLowWordFirst()
    {
        using A32Machine m = Enabled();
        SetD(m, 1, 0x1122_3344_5566_7788);
        m.SetX(1, TestMachine.DataBase);
        m.SetX(19, TestMachine.DataBase + 0x100); // SP_svc
        m.Run(0xED811B02, 0xED912B02, A32Machine.Hvc0); // vstr d1, [r1, #8]; vldr d2, [r1, #8]
        Assert.Equal(0x5566_7788u, m.Machine.Ram.Read<uint>(new GuestPhysicalAddress(TestMachine.DataBase + 8)));
        Assert.Equal(0x1122_3344_5566_7788UL, D(m, 2));

        SetD(m, 0, 0xAAAA_BBBB_CCCC_DDDD);
        m.Run(0xED2D0B04, 0xECBD2B04, A32Machine.Hvc0); // vpush {d0-d1}; vpop {d2-d3}
        Assert.Equal(0xAAAA_BBBB_CCCC_DDDDUL, D(m, 2));
        Assert.Equal(0x1122_3344_5566_7788UL, D(m, 3));
        Assert.Equal((uint)TestMachine.DataBase + 0x100, m.X(19));
    }

    [Fact]
    public void VldrLiteral_InT32AtHalfwordAlignedPc_UsesAlignPc4()
    {
        // F5.1 VLDR (literal): base = Align(PC, 4), PC reading as the instruction's address + 4 in T32 (+ 8 in A32).
        using A32Machine m = Enabled();
        m.Cpu.SetRegister(Arm64Register.Cpsr, A32Machine.CpsrSvc | (1u << 5));
        // +0 nop; +2 vldr d0, [pc, #8] (Align(+6, 4) + 8 = +12); +6 hvc.w #0; +10 nop; +12 the doubleword 1.5
        EngineExit exit = m.Run(0xED9F_BF00, 0xF7E0_0B02, 0xBF00_8000, 0x0000_0000, 0x3FF8_0000, 0xDEAD_BEEF);

        Assert.Equal(ExceptionClass.Hvc32, exit.Syndrome.Class);
        Assert.Equal(0x3FF8_0000_0000_0000UL, D(m, 0));
    }

    [Fact]
    public void VldrUnaligned_AlignmentFaultEvenWithSctlrAClear()
    {
        using A32Machine m = Enabled();
        m.SetX(1, TestMachine.DataBase + 2);
        EngineExit exit = m.Run(0xED910A00, A32Machine.Hvc0); // vldr s0, [r1]

        Assert.Equal(4, A32Machine.VectorSlot(exit)); // Data Abort
    }

    // FPEXC reads 0 at reset and 0x40000000 once EN is set on a Cortex-A15 (its FPEXC has no VECITR/subarchitecture
    // bits; QEMU 7.2's cortex-a15 reads the same, guests/difftest32's "I" line); FPSID/MVFR0/MVFR1 are the A15's.
    [Fact]
    public void VmrsFpexcAndIds_AtResetAndAfterEn_ReadTheCortexA15Values()
    {
        using var m = new A32Machine();
        m.Cpu.SetSystemRegister(CpacrEl1, 3UL << 20);
        m.SetX(2, FpexcEn);
        // vmrs r1, fpexc; vmsr fpexc, r2; vmrs r3, fpexc; vmrs r4, fpsid; vmrs r5, mvfr0; vmrs r6, mvfr1
        EngineExit exit = m.Run(0xEEF81A10, 0xEEE82A10, 0xEEF83A10, 0xEEF04A10, 0xEEF75A10, 0xEEF66A10, A32Machine.Hvc0);

        Assert.Equal(-1, A32Machine.VectorSlot(exit));
        Assert.Equal(0u, m.X(1));
        Assert.Equal(FpexcEn, m.X(3));
        Assert.Equal(0x410430F0u, m.X(4));
        Assert.Equal(0x10110222u, m.X(5));
        Assert.Equal(0x11111111u, m.X(6));
    }

    [Fact]
    public void FpexcEnClear_VfpIsUndefinedButVmrsFpexcIsNot()
    {
        using A32Machine m = Enabled();
        m.Cpu.SetSystemRegister(Fpexc32El2, 0);
        EngineExit exit = m.Run(0xEEF81A10, A32Machine.Hvc0); // vmrs r1, fpexc
        Assert.Equal(-1, A32Machine.VectorSlot(exit));
        Assert.Equal(0u, m.X(1) & FpexcEn);

        exit = m.Run(0xEE300A81, A32Machine.Hvc0); // vadd.f32
        Assert.Equal(1, A32Machine.VectorSlot(exit)); // Undefined Instruction

        m.SetX(1, FpexcEn);
        exit = m.Run(0xEEE81A10, 0xEE300A81, A32Machine.Hvc0); // vmsr fpexc, r1; vadd.f32
        Assert.Equal(-1, A32Machine.VectorSlot(exit));
    }

    [Fact]
    public void CpacrCp10NoAccess_Undefined()
    {
        using A32Machine m = Enabled();
        m.Cpu.SetSystemRegister(CpacrEl1, 0);
        EngineExit exit = m.Run(0xEE300A81, A32Machine.Hvc0);

        Assert.Equal(1, A32Machine.VectorSlot(exit));
    }

    [Fact]
    public void CptrEl2Tfp_TrapsToEl2WithEc07AndTheCondition()
    {
        using A32Machine m = Enabled();
        m.Cpu.SetSystemRegister(CptrEl2, 1UL << 10);
        m.Cpu.SetRegister(Arm64Register.Cpsr, A32Machine.CpsrSvc | (1u << 30)); // Z: the condition passes
        EngineExit exit = m.Run(0x0E300A81, A32Machine.Hvc0); // vaddeq.f32 s0, s1, s2: COND = 0000 in the ISS

        Assert.Equal(ExceptionClass.SimdFpAccess, exit.Syndrome.Class);
        Assert.Equal((1u << 24) | (0u << 20), exit.Syndrome.Iss);
        Assert.Equal(TestMachine.CodeBase, m.Cpu.GetRegister(Arm64Register.Pc));
    }

    [Fact]
    public void FpscrLenNonZero_DataProcessingUndefinedButTransfersExecute()
    {
        using A32Machine m = Enabled();
        m.SetX(1, 1u << 16); // Len = 1
        EngineExit exit = m.Run(0xEEE11A10, 0xEE012A90, A32Machine.Hvc0); // vmsr fpscr, r1; vmov s3, r2
        Assert.Equal(-1, A32Machine.VectorSlot(exit));

        exit = m.Run(0xEE300A81, A32Machine.Hvc0);
        Assert.Equal(1, A32Machine.VectorSlot(exit));
    }

    [Fact]
    public void VmsrFpscr_TrapEnablesAreRazWi()
    {
        using A32Machine m = Enabled();
        m.SetX(1, 0xFFFF_FFFF);
        m.Run(0xEEE11A10, 0xEEF10A10, A32Machine.Hvc0); // vmsr fpscr, r1; vmrs r0, fpscr

        Assert.Equal(0xFFF7_009Fu, m.X(0));
    }

    [Fact]
    public void VmrsIdRegisters_CortexA15ValuesAndTid3Trap()
    {
        using (A32Machine m = Enabled())
        {
            m.Run(0xEEF00A10, 0xEEF61A10, A32Machine.Hvc0); // vmrs r0, fpsid; vmrs r1, mvfr1
            Assert.Equal(0x4104_30F0u, m.X(0));
            Assert.Equal(0x1111_1111u, m.X(1));
        }

        using (A32Machine m = Enabled(hcr: 1UL << 18)) // TID3
        {
            EngineExit exit = m.Run(0xEEF61A10, A32Machine.Hvc0); // vmrs r1, mvfr1
            Assert.Equal(ExceptionClass.VmrsCp10, exit.Syndrome.Class);
            Assert.Equal((1u << 24) | (0xEu << 20) | (7u << 14) | (6u << 10) | (1u << 5) | 1, exit.Syndrome.Iss);
        }
    }

    [Fact]
    public void VmovScalar_SignedHalfwordAndByteInsert()
    {
        using A32Machine m = Enabled();
        SetD(m, 17, 0x0000_8001_0000_0000);
        m.SetX(2, 0x1234_56AB);
        m.Run(0xEE311BB0, 0xEE6F2BB0, A32Machine.Hvc0); // vmov.s16 r1, d17[2]; vmov.8 d31[5], r2

        Assert.Equal(0xFFFF_8001u, m.X(1));
        Assert.Equal(0x0000_AB00_0000_0000UL, D(m, 31));
    }

    [Fact]
    public void VmovTwoCoreRegisters_ToAndFromADouble()
    {
        using A32Machine m = Enabled();
        m.SetX(0, 0x89AB_CDEF);
        m.SetX(1, 0x0123_4567);
        m.Run(0xEC410B15, 0xEC532A1F, A32Machine.Hvc0); // vmov d5, r0, r1; vmov r2, r3, s30, s31

        Assert.Equal(0x0123_4567_89AB_CDEFUL, D(m, 5));
        Assert.Equal(S(m, 30), m.X(2));
        Assert.Equal(S(m, 31), m.X(3));
    }
}
