using Armvisor.Engine;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>The PMU overflow interrupt request (PMUIRQ) as an engine exit, masked for the agent like the timers.</summary>
public sealed class PerformanceMonitorsInterruptTests
{
    private const int Cond_NE = 1;

    /// <summary>
    /// PMEVTYPER0 = INST_RETIRED, PMEVCNTR0 = 0xFFFFFFF0, PMINTENSET = PMCNTENSET = 1, PMCR_EL0.E = 1, then a
    /// 1000-iteration loop and HVC #0: counter 0 overflows inside the loop.
    /// </summary>
    private static uint[] CountToOverflow(bool enableInterrupt) =>
    [
        MovZ(0, 0x08), Msr(3, 3, 14, 12, 0, 0),                 // PMEVTYPER0_EL0
        MovN(0, 0xF, is64: false), Msr(3, 3, 14, 8, 0, 0),      // PMEVCNTR0_EL0 = 0xFFFFFFF0
        MovZ(0, enableInterrupt ? (ushort)1 : (ushort)0), Msr(3, 0, 9, 14, 1, 0), // PMINTENSET_EL1
        MovZ(0, 1), Msr(3, 3, 9, 12, 1, 0),                     // PMCNTENSET_EL0
        MovZ(0, 1), Msr(3, 3, 9, 12, 0, 0),                     // PMCR_EL0.E
        MovZ(2, 1000),
        SubImm(2, 2, 1, setFlags: true), BCond(Cond_NE, -4),
        Hvc(0),
    ];

    [Fact]
    public void Overflow_WithInterruptEnabled_ExitsPmuOverflowThenMasks()
    {
        using var m = new TestMachine(new PartitionOptions(Deterministic: true));
        EngineExit exit = m.Run(CountToOverflow(enableInterrupt: true));
        Assert.Equal(EngineExitReason.PerformanceMonitorsOverflow, exit.Reason);
        Assert.True(m.Cpu.PerformanceMonitorsInterruptRequested);

        // Masked for the agent: the next run reaches the HVC.
        exit = m.Cpu.Run();
        Assert.Equal(EngineExitReason.Exception, exit.Reason);
    }

    [Fact]
    public void Overflow_WithInterruptDisabled_RunsToHvc()
    {
        using var m = new TestMachine(new PartitionOptions(Deterministic: true));
        EngineExit exit = m.Run(CountToOverflow(enableInterrupt: false));
        Assert.Equal(EngineExitReason.Exception, exit.Reason);
        Assert.False(m.Cpu.PerformanceMonitorsInterruptRequested);
    }
}
