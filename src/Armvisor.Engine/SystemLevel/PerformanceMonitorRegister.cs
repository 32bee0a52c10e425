namespace Armvisor.Engine.SystemLevel;

/// <summary>The PMUv3 System registers <see cref="PerformanceMonitors"/> carries out (DDI0487 D13, D24.5).</summary>
internal enum PerformanceMonitorRegister : byte
{
    None,
    Control,            // PMCR_EL0
    CountEnableSet,     // PMCNTENSET_EL0
    CountEnableClear,   // PMCNTENCLR_EL0
    OverflowClear,      // PMOVSCLR_EL0
    OverflowSet,        // PMOVSSET_EL0
    InterruptEnableSet, // PMINTENSET_EL1
    InterruptEnableClear, // PMINTENCLR_EL1
    SoftwareIncrement,  // PMSWINC_EL0
    Select,             // PMSELR_EL0
    CommonEventId0,     // PMCEID0_EL0
    CommonEventId1,     // PMCEID1_EL0
    CycleCounter,       // PMCCNTR_EL0
    CycleFilter,        // PMCCFILTR_EL0
    SelectedType,       // PMXEVTYPER_EL0
    SelectedCounter,    // PMXEVCNTR_EL0
    EventType,          // PMEVTYPER<n>_EL0
    EventCounter,       // PMEVCNTR<n>_EL0
    UserEnable,         // PMUSERENR_EL0
}
