using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>
/// Architectural software step (DDI0487 D2.12): an ERET with SPSR.SS = 1 and MDSCR_EL1.SS = 1 runs one instruction,
/// then takes a Software Step exception (EC 0x32 from EL0, 0x33 from EL1 with KDE) with ELR at the next instruction.
/// </summary>
public class SoftwareStepTests
{
    private const ulong Target = TestMachine.CodeBase + 0x100;
    private const ulong SpsrSs = 1UL << 21;

    private static TestMachine Prepared(ulong spsr, ulong mdscr)
    {
        var m = new TestMachine();
        m.Load([AddImm(0, 0, 1), AddImm(0, 0, 1), Svc(0)], Target);
        m.SetSysReg(3, 0, 4, 0, 0, spsr);   // SPSR_EL1
        m.SetSysReg(3, 0, 4, 0, 1, Target); // ELR_EL1
        m.SetSysReg(2, 0, 0, 2, 2, mdscr);  // MDSCR_EL1
        m.Load([Eret()]);
        m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
        return m;
    }

    [Fact]
    public void Eret_ToEl0WithSs_StepsOneInstructionThenTakesSoftwareStepLowerEl()
    {
        using TestMachine m = Prepared(spsr: SpsrSs, mdscr: 1);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(8, TestMachine.VectorSlot(exit)); // lower EL, AArch64, synchronous
        Assert.Equal(1UL, m.X(0));
        Assert.Equal(0x32UL, m.EsrEl1 >> 26);
        Assert.Equal(1UL << 24, m.EsrEl1 & (1UL << 24));
        Assert.Equal(Target + 4, m.ElrEl1);
        Assert.Equal(0UL, m.SysReg(3, 0, 4, 0, 0) & SpsrSs);
    }

    [Fact]
    public void Eret_WithoutMdscrSs_RunsOn()
    {
        using TestMachine m = Prepared(spsr: SpsrSs, mdscr: 0);

        m.Cpu.Run();

        Assert.Equal(2UL, m.X(0));
        Assert.Equal((ulong)ExceptionClass.Svc64, m.EsrEl1 >> 26);
    }

    [Fact]
    public void Eret_ToEl1WithSs_StepsOnlyWithKde()
    {
        const ulong el1h = 0b0101;
        using (TestMachine m = Prepared(spsr: el1h | SpsrSs, mdscr: 1))
        {
            m.Cpu.Run();
            Assert.Equal(2UL, m.X(0));
        }

        using (TestMachine m = Prepared(spsr: el1h | SpsrSs, mdscr: 1 | (1UL << 13)))
        {
            EngineExit exit = m.Cpu.Run();
            Assert.Equal(1UL, m.X(0));
            Assert.Equal(0x33UL, m.EsrEl1 >> 26);
            Assert.Equal(Target + 4, m.ElrEl1);
            Assert.Equal(4, TestMachine.VectorSlot(exit)); // current EL with SPx, synchronous
        }
    }

    [Fact]
    public void MdscrEl1_IsStored()
    {
        using var m = new TestMachine();

        m.SetSysReg(2, 0, 0, 2, 2, 0xA001);

        Assert.Equal(0xA001UL, m.SysReg(2, 0, 0, 2, 2));
    }
}
