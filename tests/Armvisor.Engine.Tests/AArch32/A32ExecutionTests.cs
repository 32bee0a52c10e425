using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>A32 semantics in AArch32 EL1 under the EL2 agent: flags from the shifter, multiplies, addressing modes,
/// LDM/STM, exclusives, banked registers, exception entry and return, and the exits the agent sees.</summary>
public class A32ExecutionTests
{
    private const uint NFlag = 1u << 31, ZFlag = 1u << 30, CFlag = 1u << 29, VFlag = 1u << 28;

    [Fact]
    public void Adds_SignedOverflow_SetsNAndV()
    {
        using var m = new A32Machine();
        m.SetX(1, 0x7FFF_FFFF);
        m.SetX(2, 1);
        m.Run(0xE0910002, A32Machine.Hvc0); // adds r0, r1, r2

        Assert.Equal(0x8000_0000u, m.X(0));
        Assert.Equal(NFlag | VFlag, m.Cpsr & 0xF000_0000);
    }

    [Fact]
    public void LsrsImmediate32_CarryIsBit31AndResultZero()
    {
        using var m = new A32Machine();
        m.SetX(1, 0x8000_0001);
        m.Run(0xE1B00021, A32Machine.Hvc0); // lsrs r0, r1, #32 (imm5 = 0)

        Assert.Equal(0u, m.X(0));
        Assert.Equal(ZFlag | CFlag, m.Cpsr & 0xF000_0000);
    }

    [Theory]
    [InlineData(32u, 0x8000_0001u, 0x8000_0001u, true)] // ROR by 32: value unchanged, C = bit 31
    [InlineData(0u, 0x0000_0001u, 0x0000_0001u, false)] // ROR by 0: unchanged, C unchanged (clear)
    [InlineData(33u, 0x0000_0003u, 0x8000_0001u, true)] // ROR by 33 = ROR by 1
    public void RorsRegister_AmountsOf32AndMore_FollowShiftC(uint amount, uint value, uint expected, bool carry)
    {
        using var m = new A32Machine();
        m.SetX(1, value);
        m.SetX(2, amount);
        m.Run(0xE1B00271, A32Machine.Hvc0); // rors r0, r1, r2

        Assert.Equal(expected, m.X(0));
        Assert.Equal(carry, (m.Cpsr & CFlag) != 0);
    }

    [Fact]
    public void Rrxs_RotatesCarryIn()
    {
        using var m = new A32Machine();
        m.Cpu.SetRegister(Arm64Register.Cpsr, A32Machine.CpsrSvc | CFlag);
        m.SetX(1, 0x0000_0003);
        m.Run(0xE1B00061, A32Machine.Hvc0); // rrxs r0, r1

        Assert.Equal(0x8000_0001u, m.X(0));
        Assert.True((m.Cpsr & CFlag) != 0);
    }

    [Fact]
    public void UmullAndSmlal_64BitResults()
    {
        using var m = new A32Machine();
        m.SetX(2, 0xFFFF_FFFF);
        m.SetX(3, 0xFFFF_FFFF);
        m.Run(0xE0810392, A32Machine.Hvc0); // umull r0, r1, r2, r3
        Assert.Equal(0x0000_0001u, m.X(0));
        Assert.Equal(0xFFFF_FFFEu, m.X(1));

        m.SetX(0, 10);
        m.SetX(1, 0);
        m.Run(0xE0E10392, A32Machine.Hvc0); // smlal r0, r1, r2, r3: (-1) * (-1) + 10
        Assert.Equal(11u, m.X(0));
        Assert.Equal(0u, m.X(1));
    }

    [Fact]
    public void Divides_ByZeroGiveZero()
    {
        using var m = new A32Machine();
        m.SetX(1, 100);
        m.SetX(2, 0);
        m.Run(0xE730F211, A32Machine.Hvc0); // udiv r0, r1, r2
        Assert.Equal(0u, m.X(0));
        m.SetX(1, 0xFFFF_FF9C); // -100
        m.SetX(2, 7);
        m.Run(0xE710F211, A32Machine.Hvc0); // sdiv r0, r1, r2
        Assert.Equal(unchecked((uint)-14), m.X(0));
    }

    [Fact]
    public void LoadPreIndexWriteBackAndPostIndexScaledRegister()
    {
        using var m = new A32Machine();
        m.Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase + 4), 0x1111_2222u);
        m.SetX(1, TestMachine.DataBase);
        m.Run(0xE5B10004, A32Machine.Hvc0); // ldr r0, [r1, #4]!
        Assert.Equal(0x1111_2222u, m.X(0));
        Assert.Equal((uint)TestMachine.DataBase + 4, m.X(1));

        m.SetX(2, 3);
        m.Run(0xE6110102, A32Machine.Hvc0); // ldr r0, [r1], -r2, lsl #2
        Assert.Equal(0x1111_2222u, m.X(0));
        Assert.Equal((uint)TestMachine.DataBase + 4 - 12, m.X(1));
    }

    [Fact]
    public void LdrshAndLdrdStrd()
    {
        using var m = new A32Machine();
        m.Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase + 0x10), 0x8001_0000u);
        m.Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase + 0x20), 0xAAAA_BBBBu);
        m.Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase + 0x24), 0xCCCC_DDDDu);
        m.SetX(1, TestMachine.DataBase + 0x14);
        m.Run(0xE15100F2, A32Machine.Hvc0); // ldrsh r0, [r1, #-2]
        Assert.Equal(0xFFFF_8001u, m.X(0));

        m.SetX(1, TestMachine.DataBase + 0x18);
        m.Run(0xE1C120D8, A32Machine.Hvc0); // ldrd r2, r3, [r1, #8]
        Assert.Equal(0xAAAA_BBBBu, m.X(2));
        Assert.Equal(0xCCCC_DDDDu, m.X(3));

        m.SetX(1, TestMachine.DataBase + 0x40);
        m.Run(0xE0C120F8, A32Machine.Hvc0); // strd r2, r3, [r1], #8
        Assert.Equal(0xCCCC_DDDDu, m.Machine.Ram.Read<uint>(new GuestPhysicalAddress(TestMachine.DataBase + 0x44)));
        Assert.Equal((uint)TestMachine.DataBase + 0x48, m.X(1));
    }

    [Fact]
    public void PushUsesSvcStackPointer_LdmIaWriteBack()
    {
        using var m = new A32Machine();
        m.SetX(19, TestMachine.DataBase + 0x100); // SP_svc is X19 (DDI0487 D1.20.1)
        m.SetX(4, 0x4444);
        m.SetX(18, 0x1818); // LR_svc
        m.Run(0xE92D4010, A32Machine.Hvc0); // push {r4, lr}
        Assert.Equal((uint)TestMachine.DataBase + 0xF8, m.X(19));
        Assert.Equal(0x4444u, m.Machine.Ram.Read<uint>(new GuestPhysicalAddress(TestMachine.DataBase + 0xF8)));
        Assert.Equal(0x1818u, m.Machine.Ram.Read<uint>(new GuestPhysicalAddress(TestMachine.DataBase + 0xFC)));
        Assert.Equal(0u, m.X(13)); // SP_usr untouched

        m.SetX(1, TestMachine.DataBase + 0xF8);
        m.Run(0xE8B1001C, A32Machine.Hvc0); // ldm r1!, {r2, r3, r4}
        Assert.Equal(0x4444u, m.X(2));
        Assert.Equal(0x1818u, m.X(3));
        Assert.Equal((uint)TestMachine.DataBase + 0x104, m.X(1));
    }

    [Fact]
    public void Exclusives_StrexSucceedsOnceAfterLdrex()
    {
        using var m = new A32Machine();
        m.Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase), 7u);
        m.SetX(1, TestMachine.DataBase);
        m.Run(0xE1910F9F, 0xE2800001, 0xE1812F90, 0xE1813F90, A32Machine.Hvc0); // ldrex; add r0,#1; strex r2; strex r3
        Assert.Equal(0u, m.X(2));
        Assert.Equal(1u, m.X(3));
        Assert.Equal(8u, m.Machine.Ram.Read<uint>(new GuestPhysicalAddress(TestMachine.DataBase)));
    }

    [Fact]
    public void Svc_EntersSupervisorModeAtVbarPlus8WithSpsrAndLr()
    {
        using var m = new A32Machine();
        m.Cpu.SetRegister(Arm64Register.Cpsr, 0x10); // User mode
        EngineExit exit = m.Run(0xEF000005, A32Machine.Hvc0); // svc #5

        Assert.Equal(2, A32Machine.VectorSlot(exit));
        Assert.Equal(0x13u, m.Cpsr & 0x1F);
        Assert.True((m.Cpsr & 0x80) != 0, "SVC entry masks IRQ");
        Assert.Equal((uint)TestMachine.CodeBase + 4, m.X(18)); // LR_svc
        Assert.Equal(0x10u, (uint)m.Cpu.GetSystemRegister(new SystemRegisterEncoding(3, 0, 4, 0, 0)) & 0x1F); // SPSR_svc = SPSR_EL1
    }

    [Fact]
    public void Undefined_EntersUndModeLrPlus4()
    {
        using var m = new A32Machine();
        EngineExit exit = m.Run(0xE7F000F0, A32Machine.Hvc0); // udf #0

        Assert.Equal(1, A32Machine.VectorSlot(exit));
        Assert.Equal(0x1Bu, m.Cpsr & 0x1F);
        Assert.Equal((uint)TestMachine.CodeBase + 4, m.X(22)); // LR_und
    }

    [Fact]
    public void SubsPcLr_ReturnsToSpsrMode()
    {
        using var m = new A32Machine();
        m.Cpu.SetSystemRegister(new SystemRegisterEncoding(3, 0, 4, 0, 0), 0x6000_001F); // SPSR_svc: sys, Z C
        m.SetX(18, TestMachine.CodeBase + 0x104); // LR_svc
        m.Machine.Load([A32Machine.Hvc0], TestMachine.CodeBase + 0x100);
        m.Run(0xE25EF004); // subs pc, lr, #4

        Assert.Equal(0x6000_001Fu, m.Cpsr & 0xF000_001F);
        Assert.Equal((uint)TestMachine.CodeBase + 0x104, m.Pc); // after the HVC at LR - 4
    }

    [Fact]
    public void Hvc_ExitsToEl2WithHvc32SyndromeAndNextPc()
    {
        using var m = new A32Machine();
        EngineExit exit = m.Run(A32Machine.Hvc(0x1234));

        Assert.Equal(2, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.Hvc32, exit.Syndrome.Class);
        Assert.Equal(0x1234u, exit.Syndrome.Iss);
        Assert.Equal((uint)TestMachine.CodeBase + 4, m.Pc);
    }

    [Fact]
    public void WfeWithTwe_ExitsWithAArch32ConditionSyndrome()
    {
        using var m = new A32Machine(hcr: 1UL << 14);
        EngineExit exit = m.Run(0x0320F002, A32Machine.Hvc0); // wfeeq, with Z clear: not executed
        Assert.Equal(ExceptionClass.Hvc32, exit.Syndrome.Class);

        m.Cpu.SetRegister(Arm64Register.Cpsr, A32Machine.CpsrSvc | ZFlag);
        m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
        exit = m.Cpu.Run();
        Assert.Equal(ExceptionClass.WfiWfe, exit.Syndrome.Class);
        Assert.Equal((1u << 24) | (0u << 20) | 1u, exit.Syndrome.Iss); // CV = 1, COND = EQ, TI = WFE
        Assert.Equal((uint)TestMachine.CodeBase, m.Pc);
    }

    [Fact]
    public void McrDacrWithTvm_ExitsWithCp15Syndrome()
    {
        using var m = new A32Machine(hcr: 1UL << 26);
        m.SetX(0, 0x5555_5555);
        EngineExit exit = m.Run(0xEE030F10); // mcr p15, 0, r0, c3, c0, 0 (DACR)

        Assert.Equal(2, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.McrMrcCp15, exit.Syndrome.Class);
        // CV, COND = AL, Opc2 0, Opc1 0, CRn 3, Rt 0, CRm 0, write.
        Assert.Equal((1u << 24) | (0xEu << 20) | (3u << 10), exit.Syndrome.Iss);
    }

    [Fact]
    public void MrsBanked_ReadsLrIrqFromX16()
    {
        using var m = new A32Machine();
        m.SetX(16, 0xABCD);
        m.Run(0xE1000300, A32Machine.Hvc0); // mrs r0, lr_irq
        Assert.Equal(0xABCDu, m.X(0));
    }

    [Fact]
    public void CpsToIrq_BanksSpAndLr()
    {
        using var m = new A32Machine();
        m.SetX(17, 0x1717); // SP_irq
        m.SetX(19, 0x1919); // SP_svc
        m.Run(0xF1020012, 0xE1A0000D, A32Machine.Hvc0); // cps #0x12; mov r0, sp
        Assert.Equal(0x1717u, m.X(0));
        Assert.Equal(0x12u, m.Cpsr & 0x1F);
    }

    [Fact]
    public void ConditionFailed_InstructionHasNoEffect()
    {
        using var m = new A32Machine();
        m.SetX(1, 5);
        m.SetX(2, 6);
        m.Run(0x10910002, A32Machine.Hvc0); // addsne r0, r1, r2 with Z clear passes
        Assert.Equal(11u, m.X(0));
        m.SetX(0, 0);
        m.Run(0x00910002, A32Machine.Hvc0); // addseq: Z clear, fails
        Assert.Equal(0u, m.X(0));
    }

    [Fact]
    public void Ubfx_LsbPlusWidthPast31_IsUndefined()
    {
        using var m = new A32Machine();
        EngineExit exit = m.Run(0xE7F2AF53, A32Machine.Hvc0); // ubfx r10, r3, #30, #19

        Assert.Equal(1, A32Machine.VectorSlot(exit));
    }
}
