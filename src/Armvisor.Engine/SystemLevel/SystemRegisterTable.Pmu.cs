using Armvisor.Arm64;

namespace Armvisor.Engine.SystemLevel;

/// <summary>The PMUv3 rows (DDI0487 D24.5), carried out by <see cref="PerformanceMonitors"/>.</summary>
internal static partial class SystemRegisterTable
{
    private static void DeclarePerformanceMonitors(List<SystemRegisterDefinition> rows)
    {
        const SystemRegisterTraps tpm = SystemRegisterTraps.Tpm;
        const El0AccessRule en = El0AccessRule.PmuEnable;
        const El0AccessRule er = El0AccessRule.PmuEventCounter;
        rows.Add(Pmu("PMCR_EL0", SysReg.PmcrEl0, PerformanceMonitorRegister.Control, en, tpm | SystemRegisterTraps.Tpmcr));
        rows.Add(Pmu("PMCNTENSET_EL0", SysReg.PmcntensetEl0, PerformanceMonitorRegister.CountEnableSet, en));
        rows.Add(Pmu("PMCNTENCLR_EL0", SysReg.PmcntenclrEl0, PerformanceMonitorRegister.CountEnableClear, en));
        rows.Add(Pmu("PMOVSCLR_EL0", SysReg.PmovsclrEl0, PerformanceMonitorRegister.OverflowClear, en));
        rows.Add(Pmu("PMOVSSET_EL0", SysReg.PmovssetEl0, PerformanceMonitorRegister.OverflowSet, en));
        rows.Add(Pmu("PMSWINC_EL0", SysReg.PmswincEl0, PerformanceMonitorRegister.SoftwareIncrement, El0AccessRule.PmuSoftwareIncrement, read: false));
        rows.Add(Pmu("PMSELR_EL0", SysReg.PmselrEl0, PerformanceMonitorRegister.Select, El0AccessRule.PmuSelect));
        rows.Add(Pmu("PMCEID0_EL0", SysReg.Pmceid0El0, PerformanceMonitorRegister.CommonEventId0, en, write: false));
        rows.Add(Pmu("PMCEID1_EL0", SysReg.Pmceid1El0, PerformanceMonitorRegister.CommonEventId1, en, write: false));
        rows.Add(Pmu("PMCCNTR_EL0", SysReg.PmccntrEl0, PerformanceMonitorRegister.CycleCounter, El0AccessRule.PmuCycleCounter));
        rows.Add(Pmu("PMXEVTYPER_EL0", SysReg.PmxevtyperEl0, PerformanceMonitorRegister.SelectedType, en));
        rows.Add(Pmu("PMXEVCNTR_EL0", SysReg.PmxevcntrEl0, PerformanceMonitorRegister.SelectedCounter, er));
        rows.Add(Pmu("PMUSERENR_EL0", SysReg.PmuserenrEl0, PerformanceMonitorRegister.UserEnable, El0AccessRule.PmuUserEnable));
        rows.Add(Pmu("PMINTENSET_EL1", SysReg.PmintensetEl1, PerformanceMonitorRegister.InterruptEnableSet, El0AccessRule.None));
        rows.Add(Pmu("PMINTENCLR_EL1", SysReg.PmintenclrEl1, PerformanceMonitorRegister.InterruptEnableClear, El0AccessRule.None));
        rows.Add(Pmu("PMCCFILTR_EL0", SysReg.PmccfiltrEl0, PerformanceMonitorRegister.CycleFilter, en));

        // Only the implemented counters have rows; PMEVCNTR<n>/PMEVTYPER<n> for n >= PMCR_EL0.N are UNDEFINED.
        for (int n = 0; n < PerformanceMonitors.EventCounterCount; n++)
        {
            rows.Add(Pmu($"PMEVCNTR{n}_EL0", SysReg.PmevcntrEl0(n), PerformanceMonitorRegister.EventCounter, er) with { PmuCounter = n });
            rows.Add(Pmu($"PMEVTYPER{n}_EL0", SysReg.PmevtyperEl0(n), PerformanceMonitorRegister.EventType, en) with { PmuCounter = n });
        }
    }

    private static SystemRegisterDefinition Pmu(string name, SystemRegisterEncoding encoding, PerformanceMonitorRegister register,
        El0AccessRule el0, SystemRegisterTraps traps = SystemRegisterTraps.Tpm, bool read = true, bool write = true) =>
        // WriteEffects Timer: the run loop looks at the overflow request at the next block boundary.
        new(name, encoding, SystemRegisterKind.PerformanceMonitor, read, write, el0, traps)
        {
            Pmu = register, WriteEffects = SystemRegisterEffects.Timer,
        };
}
