using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests;

public class PerformanceMonitorsTests
{
    private const ulong PmcrE = 1, PmcrP = 2, PmcrC = 4, PmcrLc = 64;
    private const ulong CycleBit = 1UL << 31;
    private const ulong ExcludeEl0 = 1UL << 30;
    private const ulong ExcludeEl1 = 1UL << 31;

    private ulong _retired;

    private SystemFixture Fixture(bool hasEl3 = false)
    {
        var f = new SystemFixture(hasEl3: hasEl3);
        f.Registers.Pmu.RetiredInstructions = () => _retired;
        f.Cpu.CurrentEl = 1;
        return f;
    }

    [Fact]
    public void IdAa64Dfr0_PmuVer_IsPmuV3()
    {
        var f = Fixture();
        Assert.Equal(1UL, (f.ReadOk(SysReg.IdAa64Dfr0El1) >> 8) & 0xF);
    }

    [Fact]
    public void Pmcr_Read_ReportsSixCountersAndArmImplementer()
    {
        var f = Fixture();
        ulong pmcr = f.ReadOk(SysReg.PmcrEl0);
        Assert.Equal(6UL, (pmcr >> 11) & 0x1F);
        Assert.Equal(0x41UL, pmcr >> 24);
    }

    [Fact]
    public void CycleCounter_Enabled_CountsRetiredInstructions()
    {
        var f = Fixture();
        f.WriteOk(SysReg.PmcntensetEl0, CycleBit);
        f.WriteOk(SysReg.PmcrEl0, PmcrE | PmcrC | PmcrLc);
        _retired += 1234;
        Assert.Equal(1234UL, f.ReadOk(SysReg.PmccntrEl0));
        f.WriteOk(SysReg.PmcrEl0, PmcrLc);
        _retired += 1000;
        Assert.Equal(1234UL, f.ReadOk(SysReg.PmccntrEl0));
    }

    [Fact]
    public void EventCounter_InstRetired_CountsOnlyWhenEnabled()
    {
        var f = Fixture();
        f.WriteOk(SysReg.PmevtyperEl0(2), PerformanceMonitors.EventInstructionsRetired);
        f.WriteOk(SysReg.PmcrEl0, PmcrE | PmcrP);
        _retired += 50;
        Assert.Equal(0UL, f.ReadOk(SysReg.PmevcntrEl0(2)));
        f.WriteOk(SysReg.PmcntensetEl0, 1 << 2);
        _retired += 70;
        Assert.Equal(70UL, f.ReadOk(SysReg.PmevcntrEl0(2)));
        Assert.Equal(1UL << 2, f.ReadOk(SysReg.PmcntenclrEl0));
    }

    [Fact]
    public void EventCounter_Wraps_SetsOverflowFlag()
    {
        var f = Fixture();
        f.WriteOk(SysReg.PmevtyperEl0(0), PerformanceMonitors.EventCpuCycles);
        f.WriteOk(SysReg.PmevcntrEl0(0), 0xFFFF_FFF0);
        f.WriteOk(SysReg.PmcntensetEl0, 1);
        f.WriteOk(SysReg.PmcrEl0, PmcrE);
        _retired += 0x20;
        Assert.Equal(0x10UL, f.ReadOk(SysReg.PmevcntrEl0(0)));
        Assert.Equal(1UL, f.ReadOk(SysReg.PmovsclrEl0));
        f.WriteOk(SysReg.PmovsclrEl0, 1);
        Assert.Equal(0UL, f.ReadOk(SysReg.PmovssetEl0));
    }

    [Fact]
    public void EventCounter_ExcludeEl0_DoesNotCountUserInstructions()
    {
        var f = Fixture();
        f.WriteOk(SysReg.PmevtyperEl0(0), PerformanceMonitors.EventInstructionsRetired | ExcludeEl0);
        f.WriteOk(SysReg.PmevtyperEl0(1), PerformanceMonitors.EventInstructionsRetired | ExcludeEl1);
        f.WriteOk(SysReg.PmcntensetEl0, 3);
        f.WriteOk(SysReg.PmcrEl0, PmcrE);
        _retired += 10;                              // at EL1
        f.System.Registers.Pmu.ExceptionLevelChanging(f.Cpu);
        f.Cpu.CurrentEl = 0;
        _retired += 100;                             // at EL0
        f.System.Registers.Pmu.ExceptionLevelChanging(f.Cpu);
        f.Cpu.CurrentEl = 1;
        Assert.Equal(10UL, f.ReadOk(SysReg.PmevcntrEl0(0)));
        Assert.Equal(100UL, f.ReadOk(SysReg.PmevcntrEl0(1)));
    }

    [Fact]
    public void SoftwareIncrement_CountsSwIncrCountersOnlyWithPmcrE()
    {
        var f = Fixture();
        f.WriteOk(SysReg.PmevtyperEl0(0), PerformanceMonitors.EventSoftwareIncrement);
        f.WriteOk(SysReg.PmcntensetEl0, 1);
        f.WriteOk(SysReg.PmswincEl0, 1);
        Assert.Equal(0UL, f.ReadOk(SysReg.PmevcntrEl0(0)));
        f.WriteOk(SysReg.PmcrEl0, PmcrE);
        f.WriteOk(SysReg.PmswincEl0, 1);
        f.WriteOk(SysReg.PmswincEl0, 1);
        Assert.Equal(2UL, f.ReadOk(SysReg.PmevcntrEl0(0)));
    }

    [Fact]
    public void SelectedCounter_ThroughPmselr_ReachesPmevcntrAndPmevtyper()
    {
        var f = Fixture();
        f.WriteOk(SysReg.PmselrEl0, 3);
        f.WriteOk(SysReg.PmxevtyperEl0, 0xEA);
        f.WriteOk(SysReg.PmxevcntrEl0, 0xDEADBEEF);
        Assert.Equal(0xEAUL, f.ReadOk(SysReg.PmevtyperEl0(3)) & 0xFFF);
        Assert.Equal(0xDEADBEEFUL, f.ReadOk(SysReg.PmevcntrEl0(3)));
    }

    [Fact]
    public void Pmceid0_ListsSwIncrInstRetiredAndCpuCycles()
    {
        var f = Fixture();
        Assert.Equal((1UL << 0x00) | (1UL << 0x08) | (1UL << 0x11), f.ReadOk(SysReg.Pmceid0El0));
    }

    [Fact]
    public void Access_FromEl0_TrapsToEl1UnlessPmuserenrAllows()
    {
        var f = Fixture();
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.TrapToEl1, f.Read(SysReg.PmccntrEl0, out _));
        Assert.Equal(SysRegAccess.Ok, f.Read(SysReg.PmuserenrEl0, out _));
        Assert.Equal(SysRegAccess.Undefined, f.Write(SysReg.PmuserenrEl0, 1));
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.PmintensetEl1, out _));
        f.Cpu.CurrentEl = 1;
        f.WriteOk(SysReg.PmuserenrEl0, 1 << 2); // CR: cycle counter reads
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.Ok, f.Read(SysReg.PmccntrEl0, out _));
        Assert.Equal(SysRegAccess.TrapToEl1, f.Write(SysReg.PmccntrEl0, 0));
    }

    [Fact]
    public void Access_UnderMdcrTpm_TrapsToEl2()
    {
        var f = Fixture();
        f.Agent(SysReg.MdcrEl2, 1UL << 6);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Read(SysReg.PmccntrEl0, out _));
    }

    [Fact]
    public void EventCounter_BeyondN_IsUndefined()
    {
        var f = Fixture();
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.PmevcntrEl0(6), out _));
    }
}
