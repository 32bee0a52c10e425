namespace Armvisor.Engine.AArch32.Memory;

/// <summary>
/// The engine hook for a hypervisor that virtualizes the AArch32 memory protection with shadow page tables
/// (patents.md §6, issue 16): while one is attached, every stage-1 translation of the AArch32 EL1&amp;0 regime walks
/// the shadow first-level table <see cref="ShadowTableBase"/> (short descriptors, TTBCR.N = 0, the processor DACR
/// <see cref="ProcessorDacr"/>) instead of the guest's own tables, and checks the result with PL0 permissions: the
/// guest's privileged and user modes both access memory "deprivileged" (DDI0406C B3.7.1; the hypervisor's own mappings
/// are PL1-only). A fault of that walk is a shadow fault, handed to <see cref="OnShadowFault"/> instead of the guest.
/// </summary>
public interface IShortDescriptorShadow
{
    /// <summary>
    /// The shadow first-level table (16 KiB aligned IPA) for an access made with the guest's privileged or user
    /// permissions: PL0 accesses and LDRT/STRT use the user shadow, the others the privileged shadow.
    /// </summary>
    uint ShadowTableBase(bool guestUnprivileged);

    /// <summary>The DACR the engine's walk of the shadow tables uses (mapped from the guest's by the hypervisor).</summary>
    uint ProcessorDacr { get; }

    /// <summary>The hypervisor's decision on a shadow fault (its "exit"): retry, reflect to the guest, or permit once.</summary>
    ShadowFaultResolution OnShadowFault(in ShadowFault fault);

    /// <summary>
    /// The instruction that made a <see cref="ShadowFaultAction.PermitOnce"/> access has ended (its write is in guest
    /// memory, or it took an exception): the hypervisor rederives what it shadowed from what the guest wrote.
    /// </summary>
    void OnPermittedAccessCompleted();
}
