using Armvisor.Engine;
using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>
/// Routing of exception-generating instructions and WFx traps (DDI0487 D1.10; pseudocode AArch64.CallHypervisor,
/// AArch64.CallSecureMonitor, AArch64.CheckForWFxTrap).
/// </summary>
public sealed class ExceptionRoutingTests
{
    private static readonly SystemRegisterEncoding HcrEl2 = new(3, 4, 1, 1, 0);
    private static readonly SystemRegisterEncoding ScrEl3 = new(3, 6, 1, 1, 0);
    private static readonly SystemRegisterEncoding SctlrEl1 = new(3, 0, 1, 0, 0);

    private static void EnterEl0(TestMachine m) => m.Cpu.SetRegister(Arm64Register.Cpsr, 0x0);

    [Fact]
    public void Hvc_WithEl2_ExitsToEl2WithImmediateAndNextPc()
    {
        using var m = new TestMachine();
        EngineExit exit = m.Run(Nop(), Hvc(0x1234));
        Assert.Equal(2, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.Hvc64, exit.Syndrome.Class);
        Assert.Equal(0x1234u, exit.Syndrome.Iss);
        Assert.Equal(TestMachine.CodeBase + 8, m.Pc);
    }

    [Fact]
    public void Hvc_WithoutEl2_IsUndefined()
    {
        using var m = new TestMachine(new PartitionOptions(HasEl2: false), smcVectors: true);
        EngineExit exit = m.Run(Hvc(1));
        Assert.Equal(4, TestMachine.VectorSlot(exit));
        Assert.Equal(ExceptionClass.Unknown, new ExceptionSyndrome(m.EsrEl1).Class);
    }

    [Fact]
    public void Hvc_WithHcrHcd_IsUndefined()
    {
        using var m = new TestMachine(smcVectors: true);
        m.Cpu.SetSystemRegister(HcrEl2, 1UL << 29);
        EngineExit exit = m.Run(Hvc(1));
        Assert.Equal(4, TestMachine.VectorSlot(exit));
        Assert.Equal(ExceptionClass.Unknown, new ExceptionSyndrome(m.EsrEl1).Class);
    }

    [Fact]
    public void Hvc_AtEl0_IsUndefinedToEl1()
    {
        using var m = new TestMachine();
        EnterEl0(m);
        EngineExit exit = m.Run(Hvc(1));
        Assert.Equal(8, TestMachine.VectorSlot(exit)); // lower EL, synchronous
        Assert.Equal(ExceptionClass.Unknown, new ExceptionSyndrome(m.EsrEl1).Class);
    }

    [Fact]
    public void Svc_AtEl0_TakesSvcToEl1WithNextPc()
    {
        using var m = new TestMachine();
        EnterEl0(m);
        EngineExit exit = m.Run(Svc(0x42));
        Assert.Equal(8, TestMachine.VectorSlot(exit));
        var esr = new ExceptionSyndrome(m.EsrEl1);
        Assert.Equal(ExceptionClass.Svc64, esr.Class);
        Assert.Equal(0x42u, esr.Iss);
        Assert.Equal(TestMachine.CodeBase + 4, m.ElrEl1);
    }

    [Fact]
    public void Smc_WithEl3_ExitsToEl3()
    {
        using var m = new TestMachine();
        EngineExit exit = m.Run(Smc(3));
        Assert.Equal(3, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.Smc64, exit.Syndrome.Class);
        Assert.Equal(3u, exit.Syndrome.Iss);
        Assert.Equal(TestMachine.CodeBase + 4, m.Pc);
    }

    [Fact]
    public void Smc_WithHcrTsc_ExitsToEl2AtTheSmc()
    {
        using var m = new TestMachine();
        m.Cpu.SetSystemRegister(HcrEl2, 1UL << 19);
        EngineExit exit = m.Run(Smc(0));
        Assert.Equal(2, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.Smc64, exit.Syndrome.Class);
        Assert.Equal(TestMachine.CodeBase, m.Pc);
    }

    [Fact]
    public void Smc_WithoutEl3_IsUndefined()
    {
        using var m = new TestMachine(new PartitionOptions(HasEl3: false));
        EngineExit exit = m.Run(Smc(0));
        Assert.Equal(4, TestMachine.VectorSlot(exit));
    }

    [Fact]
    public void Brk_TakesBreakpointWithElrAtInstruction()
    {
        using var m = new TestMachine();
        EngineExit exit = m.Run(Nop(), Brk(9));
        Assert.Equal(4, TestMachine.VectorSlot(exit));
        var esr = new ExceptionSyndrome(m.EsrEl1);
        Assert.Equal(ExceptionClass.Brk64, esr.Class);
        Assert.Equal(9u, esr.Iss);
        Assert.Equal(TestMachine.CodeBase + 4, m.ElrEl1);
    }

    [Fact]
    public void Wfi_AtEl0WithNtwiClear_TrapsToEl1First()
    {
        using var m = new TestMachine();
        m.Cpu.SetSystemRegister(SctlrEl1, m.Cpu.GetSystemRegister(SctlrEl1) & ~(1UL << 16));
        m.Cpu.SetSystemRegister(HcrEl2, 1UL << 13); // TWI would route to EL2, but EL1's trap comes first
        EnterEl0(m);
        EngineExit exit = m.Run(Wfi());
        Assert.Equal(8, TestMachine.VectorSlot(exit));
        var esr = new ExceptionSyndrome(m.EsrEl1);
        Assert.Equal(ExceptionClass.WfiWfe, esr.Class);
        Assert.False(esr.Wfx.IsWfe);
    }

    [Fact]
    public void Wfe_WithHcrTwe_ExitsToEl2AtTheWfe()
    {
        using var m = new TestMachine();
        m.Cpu.SetSystemRegister(HcrEl2, 1UL << 14);
        EngineExit exit = m.Run(Nop(), Wfe());
        Assert.Equal(2, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.WfiWfe, exit.Syndrome.Class);
        Assert.True(exit.Syndrome.Wfx.IsWfe);
        Assert.Equal(TestMachine.CodeBase + 4, m.Pc);
    }

    [Fact]
    public void Wfi_WithScrTwi_ExitsToEl3()
    {
        using var m = new TestMachine();
        m.Cpu.SetSystemRegister(ScrEl3, m.Cpu.GetSystemRegister(ScrEl3) | (1UL << 12));
        EngineExit exit = m.Run(Wfi());
        Assert.Equal(3, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.WfiWfe, exit.Syndrome.Class);
        Assert.False(exit.Syndrome.Wfx.IsWfe);
    }

    [Fact]
    public void Wfe_AfterSevl_ConsumesEventAndContinues()
    {
        using var m = new TestMachine();
        EngineExit exit = m.Run(Sevl(), Wfe(), Hvc(5));
        Assert.Equal(5u, exit.Syndrome.Iss);
    }

    [Fact]
    public async Task Wfe_SevFromAnotherVcpu_Wakes()
    {
        using var m = new TestMachine(vcpus: 2);
        m.Load([Wfe(), Hvc(6)]);
        m.Load([Sev(), Hvc(7)], TestMachine.CodeBase + 0x1000);
        m.Vcpus[1].SetRegister(Arm64Register.Pc, TestMachine.CodeBase + 0x1000);
        Task<EngineExit> waiter = Task.Run(() => m.Vcpus[0].Run());
        await Task.Delay(50);
        Assert.False(waiter.IsCompleted);
        EngineExit sender = m.Vcpus[1].Run();
        Assert.Equal(7u, sender.Syndrome.Iss);
        EngineExit woken = await waiter.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6u, woken.Syndrome.Iss);
    }

    [Fact]
    public async Task Wfi_PendingInterruptEvenMasked_Wakes()
    {
        using var m = new TestMachine();
        m.Load([Wfi(), Hvc(3)]);
        Task<EngineExit> runner = Task.Run(() => m.Cpu.Run());
        await Task.Delay(50);
        Assert.False(runner.IsCompleted);
        m.Cpu.SetPendingInterrupt(InterruptKind.Irq, true); // PSTATE.I is set: it wakes WFI but is not taken
        EngineExit exit = await runner.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3u, exit.Syndrome.Iss);
    }

    [Fact]
    public async Task Wfi_RequestExit_WakesAndCancels()
    {
        using var m = new TestMachine();
        m.Load([Wfi(), Hvc(3)]);
        Task<EngineExit> runner = Task.Run(() => m.Cpu.Run());
        await Task.Delay(50);
        m.Cpu.RequestExit();
        EngineExit exit = await runner.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EngineExitReason.Canceled, exit.Reason);
    }

    [Fact]
    public void Irq_UnmaskedByDaifClr_TakenAtIrqVector()
    {
        using var m = new TestMachine();
        m.Cpu.SetPendingInterrupt(InterruptKind.Irq, true);
        EngineExit exit = m.Run(Nop(), MsrDaifClr(2), Nop(), Hvc(0));
        Assert.Equal(5, TestMachine.VectorSlot(exit)); // current EL SPx, IRQ
        Assert.Equal(TestMachine.CodeBase + 8, m.ElrEl1);
    }

    [Fact]
    public void Eret_ReturnsToEl0AndSvcComesBack()
    {
        using var m = new TestMachine();
        // ELR_EL1 = CodeBase + 0x100, SPSR_EL1 = EL0t; at EL0: SVC #1.
        m.SetSysReg(3, 0, 4, 0, 1, TestMachine.CodeBase + 0x100);
        m.SetSysReg(3, 0, 4, 0, 0, 0);
        m.Load([Svc(1)], TestMachine.CodeBase + 0x100);
        EngineExit exit = m.Run(Eret());
        Assert.Equal(8, TestMachine.VectorSlot(exit));
        Assert.Equal(TestMachine.CodeBase + 0x104, m.ElrEl1);
        Assert.Equal(0UL, m.SysReg(3, 0, 4, 0, 0) & 0xF); // SPSR_EL1.M = EL0t
    }

    [Fact]
    public void InjectException_Undefined_EntersEl1Vector()
    {
        using var m = new TestMachine();
        m.Cpu.InjectException(ExceptionSyndrome.Create(ExceptionClass.Unknown, 0), 0);
        Assert.Equal(TestMachine.VectorBase + 0x200, m.Pc);
        Assert.Equal(TestMachine.CodeBase, m.ElrEl1);
    }

    [Fact]
    public void Eret_IllegalReturnToEl2_NextInstructionTakesIllegalStateException()
    {
        using var m = new TestMachine();
        m.SetSysReg(3, 0, 4, 0, 1, TestMachine.CodeBase + 0x100); // ELR_EL1
        m.SetSysReg(3, 0, 4, 0, 0, 0x9); // SPSR_EL1: EL2h, which this PE cannot return to
        m.Load([Nop(), Hvc(1)], TestMachine.CodeBase + 0x100);
        EngineExit exit = m.Run(Eret());
        Assert.Equal(4, TestMachine.VectorSlot(exit));
        Assert.Equal(ExceptionClass.IllegalExecutionState, new ExceptionSyndrome(m.EsrEl1).Class);
        Assert.Equal(TestMachine.CodeBase + 0x100, m.ElrEl1);
        Assert.NotEqual(0UL, m.SysReg(3, 0, 4, 0, 0) & (1UL << 20)); // SPSR_EL1.IL
    }
}
