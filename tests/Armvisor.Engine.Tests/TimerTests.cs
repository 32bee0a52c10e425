using Armvisor.Engine;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>Generic timer activation exits (HVF's vtimer protocol) and the deterministic counter.</summary>
public sealed class TimerTests
{
    /// <summary>MRS X0, CNTVCT_EL0; ADD X0, X0, #100; MSR CNTV_CVAL_EL0, X0; MOVZ X1, #1; MSR CNTV_CTL_EL0, X1; WFI; HVC #0.</summary>
    private static readonly uint[] ArmVirtualTimerAndWait =
    [
        Mrs(0, 3, 3, 14, 0, 2), AddImm(0, 0, 100), Msr(3, 3, 14, 3, 2, 0), MovZ(1, 1), Msr(3, 3, 14, 3, 1, 1), Wfi(), Hvc(0),
    ];

    [Fact]
    public void VirtualTimer_WfiUntilDeadline_ExitsTimerActivatedThenMasks()
    {
        using var m = new TestMachine(new PartitionOptions(Deterministic: true));
        EngineExit exit = m.Run(ArmVirtualTimerAndWait);
        Assert.Equal(EngineExitReason.TimerActivated, exit.Reason);
        Assert.Equal(GenericTimerKind.Virtual, exit.Timer);
        Assert.True(m.Partition.ReadCounter() >= 100);

        // The timer is now masked for the agent: the next run goes on to the HVC.
        exit = m.Cpu.Run();
        Assert.Equal(EngineExitReason.Exception, exit.Reason);

        // Unmasked while the condition still holds: it exits again at once.
        m.Cpu.SetTimerMask(GenericTimerKind.Virtual, false);
        m.Load([Nop(), Hvc(1)], TestMachine.CodeBase + 0x200);
        m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase + 0x200);
        Assert.Equal(EngineExitReason.TimerActivated, m.Cpu.Run().Reason);
    }

    [Fact]
    public void DeterministicCounter_AdvancesWithRetiredInstructions()
    {
        using var m = new TestMachine(new PartitionOptions(Deterministic: true));
        uint[] code = [Mrs(0, 3, 3, 14, 0, 2), Nop(), Nop(), Nop(), Nop(), B(4), Mrs(1, 3, 3, 14, 0, 2), Hvc(0)];
        m.Run(code);
        // The MRS itself and NOP x4 + B retire between the two reads: one tick each.
        Assert.Equal(6UL, m.X(1) - m.X(0));
    }

    [Fact]
    public void Wfe_WithEventStreamEnabled_WakesOnTick()
    {
        // CNTKCTL_EL1 = EVNTEN | EVNTI 4 (an event every 32 ticks of CNTVCT); WFE with no other event source still completes.
        using var m = new TestMachine(new PartitionOptions(Deterministic: true));
        m.SetSysReg(3, 0, 14, 1, 0, (1UL << 2) | (4UL << 4));
        EngineExit exit = m.Run(Wfe(), Wfe(), Hvc(9));
        Assert.Equal(9u, exit.Syndrome.Iss);
    }
}
