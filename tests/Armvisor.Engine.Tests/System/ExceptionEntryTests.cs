using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests;

public class ExceptionEntryTests
{
    private const ulong Vbar = 0xFFFF_0000_0010_0000;

    [Theory]
    // DDI0487 D1.10.2: current EL with SP_EL0 0x000, current EL with SP_ELx 0x200, lower EL AArch64 0x400.
    [InlineData(1, false, ExceptionKind.Synchronous, 0x000)]
    [InlineData(1, false, ExceptionKind.Irq, 0x080)]
    [InlineData(1, false, ExceptionKind.Fiq, 0x100)]
    [InlineData(1, false, ExceptionKind.SError, 0x180)]
    [InlineData(1, true, ExceptionKind.Synchronous, 0x200)]
    [InlineData(1, true, ExceptionKind.Irq, 0x280)]
    [InlineData(1, true, ExceptionKind.Fiq, 0x300)]
    [InlineData(1, true, ExceptionKind.SError, 0x380)]
    [InlineData(0, false, ExceptionKind.Synchronous, 0x400)]
    [InlineData(0, false, ExceptionKind.Irq, 0x480)]
    [InlineData(0, false, ExceptionKind.Fiq, 0x500)]
    [InlineData(0, false, ExceptionKind.SError, 0x580)]
    public void TakeToEl1_SourceAndKind_JumpsToVectorOffset(int el, bool spSel, ExceptionKind kind, ulong offset)
    {
        SystemFixture f = Fixture();
        f.Cpu.CurrentEl = el;
        f.Cpu.SpSel = spSel;
        f.System.Exceptions.TakeToEl1(f.Cpu, kind, default, 0, 0x1234);
        Assert.Equal(Vbar + offset, f.Cpu.Pc);
        Assert.Equal(1, f.Cpu.CurrentEl);
        Assert.True(f.Cpu.SpSel);
    }

    [Fact]
    public void TakeToEl1_DataAbortFromEl0_SavesStateAndMasksDaif()
    {
        SystemFixture f = Fixture();
        f.Cpu.CurrentEl = 0;
        f.Cpu.SpSel = false;
        f.Cpu.Daif = 0;
        f.Cpu.Nzcv = 0x6000_0000;
        f.Cpu.SpEl0 = 0x7000;
        f.Cpu.SpEl1 = 0x9000;
        var syndrome = ExceptionSyndrome.Create(ExceptionClass.DataAbortLowerEl, (uint)FaultStatusCode.TranslationLevel3 | (1u << 6));
        bool cleared = false;
        f.System.Exceptions.ClearExclusiveMonitor = () => cleared = true;

        f.System.Exceptions.TakeToEl1(f.Cpu, ExceptionKind.Synchronous, syndrome, 0x4000_1234, 0x40_0000);

        Assert.Equal(0x6000_0000UL, f.Registers.SpsrEl1); // EL0t, DAIF clear, Z C set
        Assert.Equal(0x40_0000UL, f.Registers.ElrEl1);
        Assert.Equal(syndrome.Value, f.Registers.EsrEl1);
        Assert.Equal(0x4000_1234UL, f.Registers.FarEl1);
        Assert.Equal(0x3C0u, f.Cpu.Daif);
        Assert.Equal(0x9000UL, f.Cpu.Sp);
        Assert.True(cleared);
    }

    [Fact]
    public void TakeToEl1_Irq_LeavesEsrAndFarAlone()
    {
        SystemFixture f = Fixture();
        f.Registers.EsrEl1 = 0x5600_0000;
        f.Registers.FarEl1 = 0xAAAA;
        f.System.Exceptions.TakeToEl1(f.Cpu, ExceptionKind.Irq, ExceptionSyndrome.Create(ExceptionClass.Unknown, 0), 0xBBBB, 0x80);
        Assert.Equal(0x5600_0000UL, f.Registers.EsrEl1);
        Assert.Equal(0xAAAAUL, f.Registers.FarEl1);
        Assert.Equal(0x80UL, f.Registers.ElrEl1);
    }

    [Fact]
    public void TakeToEl1_SvcSyndrome_WritesEsrButNotFar()
    {
        SystemFixture f = Fixture();
        f.Registers.FarEl1 = 0xAAAA;
        var svc = ExceptionSyndrome.Create(ExceptionClass.Svc64, 0x42);
        f.System.Exceptions.TakeToEl1(f.Cpu, ExceptionKind.Synchronous, svc, 0xBBBB, 0x104);
        Assert.Equal(0x5600_0042UL, f.Registers.EsrEl1);
        Assert.Equal(0xAAAAUL, f.Registers.FarEl1);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void TakeToEl1_Span_DecidesPan(bool span, bool expectedPan)
    {
        SystemFixture f = Fixture();
        f.WriteOk(SysReg.SctlrEl1, span ? 1UL << 23 : 0);
        f.Cpu.Pan = false;
        f.System.Exceptions.TakeToEl1(f.Cpu, ExceptionKind.Synchronous, default, 0, 0);
        Assert.Equal(expectedPan, f.Cpu.Pan);
    }

    [Fact]
    public void TakeToEl1_IllegalStateAndStep_AreClearedAndSaved()
    {
        SystemFixture f = Fixture();
        f.Cpu.IllegalState = true;
        f.Cpu.SoftwareStep = true;
        var illegal = ExceptionSyndrome.Create(ExceptionClass.IllegalExecutionState, 0);
        f.System.Exceptions.TakeToEl1(f.Cpu, ExceptionKind.Synchronous, illegal, 0, 0x10);
        Assert.False(f.Cpu.IllegalState);
        Assert.False(f.Cpu.SoftwareStep);
        Assert.Equal(1UL << 20, f.Registers.SpsrEl1 & (1UL << 20));
        Assert.Equal(1UL << 21, f.Registers.SpsrEl1 & (1UL << 21));
    }

    [Fact]
    public void AbortClass_DependsOnSourceEl()
    {
        var cpu = new CpuState { CurrentEl = 0 };
        Assert.Equal(ExceptionClass.DataAbortLowerEl, ExceptionEntry.AbortClass(cpu, instructionFetch: false));
        Assert.Equal(ExceptionClass.InstructionAbortLowerEl, ExceptionEntry.AbortClass(cpu, instructionFetch: true));
        cpu.CurrentEl = 1;
        Assert.Equal(ExceptionClass.DataAbortSameEl, ExceptionEntry.AbortClass(cpu, instructionFetch: false));
    }

    [Fact]
    public void ExceptionReturn_ToEl0_RestoresPstateAndPc()
    {
        SystemFixture f = Fixture();
        f.Registers.SpsrEl1 = 0x9000_0000; // EL0t, N and V set, DAIF clear
        f.Registers.ElrEl1 = 0x40_1000;
        f.Cpu.SpEl0 = 0x7000;
        bool cleared = false;
        f.System.Exceptions.ClearExclusiveMonitor = () => cleared = true;

        Assert.True(f.System.Exceptions.ExceptionReturn(f.Cpu));

        Assert.Equal(0, f.Cpu.CurrentEl);
        Assert.Equal(0x40_1000UL, f.Cpu.Pc);
        Assert.Equal(0x9000_0000u, f.Cpu.Nzcv);
        Assert.Equal(0u, f.Cpu.Daif);
        Assert.Equal(0x7000UL, f.Cpu.Sp);
        Assert.False(f.Cpu.IllegalState);
        Assert.True(cleared);
    }

    [Fact]
    public void ExceptionReturn_ToEl1h_KeepsEl1AndSpSel()
    {
        SystemFixture f = Fixture();
        f.Registers.SpsrEl1 = 0x3C5; // EL1h, DAIF masked
        f.Registers.ElrEl1 = 0x8000;
        Assert.True(f.System.Exceptions.ExceptionReturn(f.Cpu));
        Assert.Equal(1, f.Cpu.CurrentEl);
        Assert.True(f.Cpu.SpSel);
        Assert.Equal(0x3C0u, f.Cpu.Daif);
    }

    [Theory]
    [InlineData(0x3C8UL)] // EL2h from EL1: target above current
    [InlineData(0x3C1UL)] // EL0 with M[0] = 1
    [InlineData(0x3C6UL)] // M[1] = 1, reserved
    [InlineData(0x3D0UL)] // M[4] = 1, AArch32 not implemented
    public void ExceptionReturn_IllegalSpsr_SetsIlAndKeepsEl(ulong spsr)
    {
        SystemFixture f = Fixture();
        f.Cpu.Nzcv = 0;
        f.Registers.SpsrEl1 = spsr | 0x8000_0000;
        f.Registers.ElrEl1 = 0x5000;
        Assert.False(f.System.Exceptions.ExceptionReturn(f.Cpu));
        Assert.True(f.Cpu.IllegalState);
        Assert.Equal(1, f.Cpu.CurrentEl);
        Assert.True(f.Cpu.SpSel);
        Assert.Equal(0x8000_0000u, f.Cpu.Nzcv); // the other fields still come from SPSR
        Assert.Equal(0x5000UL, f.Cpu.Pc);
    }

    [Fact]
    public void ExceptionReturn_ToEl1WithTge_IsIllegal()
    {
        SystemFixture f = Fixture();
        f.Agent(SysReg.HcrEl2, 1UL << 27);
        f.Registers.SpsrEl1 = 0x5;
        Assert.False(f.System.Exceptions.ExceptionReturn(f.Cpu));
        Assert.True(f.Cpu.IllegalState);
    }

    [Fact]
    public void ExceptionReturn_SetsEventRegister()
    {
        SystemFixture f = Fixture();
        f.Registers.SpsrEl1 = 0x5;
        f.Cpu.EventRegister = false;
        f.System.Exceptions.ExceptionReturn(f.Cpu);
        Assert.True(f.Cpu.EventRegister);
    }

    private static SystemFixture Fixture()
    {
        var f = new SystemFixture();
        f.WriteOk(SysReg.VbarEl1, Vbar);
        return f;
    }
}
