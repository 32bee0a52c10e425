namespace Armvisor.Core.Prda;

/// <summary>
/// The guest-visible layout of a PRDA page (docs/memory-map.md "Per-vCPU private data area"; the guest kit's
/// guestkit/include/armvisor/prda.h declares the same offsets). Little-endian. 0x00..0x3F belongs to the hypervisor
/// ABI; 0x40..0xFFF is the guest OS's own per-CPU data, which the hypervisor never touches.
/// </summary>
public static class PrdaLayout
{
    /// <summary>u32 "PRDA" (0x4144_5250), written at power-on.</summary>
    public const int Magic = 0x00;

    /// <summary>u32 ABI version (1).</summary>
    public const int Version = 0x04;

    /// <summary>u64 the vCPU's index (the patent's cpuId), written at power-on.</summary>
    public const int CpuId = 0x08;

    /// <summary>u64 MPIDR_EL1 of the vCPU.</summary>
    public const int Mpidr = 0x10;

    /// <summary>u32 written by the guest: &gt; 0 while it runs code that must not be preempted (a lock held, a PRDA update).</summary>
    public const int NonPreemptDepth = 0x18;

    /// <summary>u32 set to 1 by the hypervisor when it deferred a switch; the guest clears it and yields (WFE YIELD).</summary>
    public const int HypervisorPreemptPending = 0x1C;

    /// <summary>u64 switches the hypervisor deferred on this vCPU.</summary>
    public const int Deferrals = 0x20;

    /// <summary>u64 deferrals that ran past the grace period and were preempted anyway.</summary>
    public const int ForcedPreemptions = 0x28;

    /// <summary>First byte of the guest OS's area.</summary>
    public const int GuestArea = 0x40;

    public const uint MagicValue = 0x4144_5250;

    public const uint VersionValue = 1;
}
