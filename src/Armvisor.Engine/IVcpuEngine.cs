using Armvisor.Arm64;

namespace Armvisor.Engine;

/// <summary>
/// One virtual PE executing EL0 and EL1 (HVF's <c>hv_vcpu_t</c>). Thread-affine: every member except
/// <see cref="RequestExit"/> and <see cref="SetPendingInterrupt"/> is called by the thread that runs the vCPU.
/// The EL2 and EL3 state the agents own (HCR_EL2, SCR_EL3, VBAR_EL2...) is set with <see cref="SetSystemRegister"/>
/// and decides which exceptions leave <see cref="Run"/>.
/// </summary>
public interface IVcpuEngine : IDisposable
{
    /// <summary>This vCPU's index in its partition.</summary>
    int Index { get; }

    /// <summary>Runs guest code until an exit. Never throws for anything the guest does.</summary>
    EngineExit Run();

    /// <summary>Makes the current or next <see cref="Run"/> return <see cref="EngineExitReason.Canceled"/> soon. Any thread.</summary>
    void RequestExit();

    /// <summary>Sets the level of the IRQ or FIQ input (level-sensitive, HVF's <c>hv_vcpu_set_pending_interrupt</c>); wakes a WFI. Any thread.</summary>
    void SetPendingInterrupt(InterruptKind kind, bool pending);

    /// <summary>When true, a timer's activation does not exit until the agent clears the mask (HVF's vtimer mask).</summary>
    void SetTimerMask(GenericTimerKind timer, bool masked);

    /// <summary>
    /// The PMU's overflow interrupt request (DDI0487 D13.3: PMCR_EL0.E and a counter with PMINTENSET and PMOVSSET set);
    /// the agent drives the PMU PPI from it. An engine without a PMU never asserts it.
    /// </summary>
    bool PerformanceMonitorsInterruptRequested => false;

    /// <summary>When true, an asserted PMU overflow request does not exit until the agent clears the mask (like the timers).</summary>
    void SetPerformanceMonitorsInterruptMask(bool masked)
    {
    }

    ulong GetRegister(Arm64Register register);

    void SetRegister(Arm64Register register, ulong value);

    /// <summary>SIMD&amp;FP register Vn, 128 bits.</summary>
    UInt128 GetVectorRegister(int index);

    void SetVectorRegister(int index, UInt128 value);

    /// <summary>Reads a System register by encoding, including the EL2/EL3 ones the agents own. Unknown encodings throw <see cref="EngineException"/>.</summary>
    ulong GetSystemRegister(SystemRegisterEncoding register);

    void SetSystemRegister(SystemRegisterEncoding register, ulong value);

    /// <summary>
    /// Takes an exception to EL1 on the guest's behalf (the agent's injection of UNDEFINED, aborts or SError),
    /// exactly as the architecture's exception entry does: ESR_EL1, FAR_EL1, ELR_EL1, SPSR_EL1, PSTATE, VBAR_EL1 offset.
    /// </summary>
    void InjectException(ExceptionSyndrome syndrome, ulong faultAddress);

    /// <summary>
    /// Performs the wait of a WFE that an agent trapped and chose not to consume, keeping its architectural meaning
    /// (DDI0487 D1.16.2 "Wait for Event"): returns at once if the event register is set (clearing it), otherwise
    /// blocks without spinning until a WFE wake-up event — SEV/SEVL from any vCPU, a clear of this vCPU's exclusive
    /// monitor by another vCPU's store, a pending interrupt (even if masked), the timer event stream, a timer
    /// activation — or <see cref="RequestExit"/>. Does not move the PC.
    /// </summary>
    void WaitForEvent();

    /// <summary>
    /// A WFE wake-up event from outside this PE (DDI0487 D1.16.1, like SEV executed by another PE): sets the event
    /// register and wakes a WFE wait. The agents use it for events they emulate, e.g. an SGI the firmware's parked
    /// secondary waits for. Any thread.
    /// </summary>
    void SignalEvent();

    /// <summary>The host debugger's breakpoints, single-step and memory access for this vCPU.</summary>
    IVcpuDebug Debugging { get; }

    /// <summary>
    /// A per-vCPU stage-2 override (patents.md §3, the PRDA virtual alias): this vCPU's accesses to the one 4 KiB IPA
    /// page <paramref name="page"/> starts at reach <paramref name="page"/>'s host memory, with <paramref name="permissions"/>
    /// (DDI0487 D8.4 S2AP/XN), instead of whatever the partition maps there; other vCPUs are not affected. A page
    /// without <see cref="Stage2Permissions.Execute"/> gives an instruction fetch a stage-2 permission fault. Replaces an
    /// earlier private page. Stage-1 table walks do not read private pages (a table there is a stage-2 fault).
    /// </summary>
    void MapPrivatePage(Armvisor.Memory.GuestRam page, Stage2Permissions permissions);

    /// <summary>
    /// Drops exactly the cached translations (soft-TLB entries and their jump-cache slots) that reach the private page,
    /// as a hypervisor does for the alias's IPA when the vCPU moves to another physical CPU. Returns the entries dropped.
    /// </summary>
    int FlushPrivatePage();

    /// <summary>Retired guest instructions, for statistics and the deterministic clock.</summary>
    ulong InstructionsRetired { get; }

    /// <summary>
    /// AArch32 DACR virtualization (issue 16): stage 1 walks <paramref name="shadow"/>'s tables (null: the guest's own).
    /// </summary>
    void AttachShortDescriptorShadow(AArch32.Memory.IShortDescriptorShadow? shadow) =>
        throw new NotSupportedException("this engine has no shadow-paging hook");

    /// <summary>Forgets every cached stage-1 translation of this vCPU (after a hypervisor changed its shadow tables).</summary>
    void InvalidateTranslations() => throw new NotSupportedException("this engine has no shadow-paging hook");

    /// <summary>Forgets the cached stage-1 translations of the pages in [<paramref name="virtualAddress"/>, +<paramref name="length"/>).</summary>
    void InvalidateTranslations(ulong virtualAddress, ulong length) => InvalidateTranslations();

    /// <summary>Completes an MCR trapped to EL2 (EC 0x03 ISS) with <paramref name="value"/>, as the untrapped instruction would.</summary>
    bool CompleteTrappedCoprocessorWrite(uint iss, uint value) => throw new NotSupportedException("this engine cannot complete trapped MCRs");
}
