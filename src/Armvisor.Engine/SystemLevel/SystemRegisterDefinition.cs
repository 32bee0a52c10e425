using Armvisor.Arm64;

namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// One row of <see cref="SystemRegisterTable"/>: everything the access check and the register file need to know
/// about one System register or System instruction encoding.
/// </summary>
/// <param name="Name">The Arm mnemonic.</param>
/// <param name="Encoding">op0, op1, CRn, CRm, op2.</param>
/// <param name="Kind">Where the value lives.</param>
/// <param name="CanRead">MRS is allocated (false: the read direction is UNDEFINED, e.g. OSLAR_EL1).</param>
/// <param name="CanWrite">MSR is allocated (false: the write direction is UNDEFINED, e.g. ID registers).</param>
/// <param name="El0">EL0 access rule.</param>
/// <param name="Traps">Trap controls that route the access to EL2/EL3.</param>
internal sealed record SystemRegisterDefinition(
    string Name,
    SystemRegisterEncoding Encoding,
    SystemRegisterKind Kind,
    bool CanRead,
    bool CanWrite,
    El0AccessRule El0,
    SystemRegisterTraps Traps)
{
    /// <summary>Only the EL2/EL3 agents reach it (through the agent API); EL0/EL1 accesses are UNDEFINED.</summary>
    public bool AgentOnly { get; init; }

    /// <summary>Reset value of a <see cref="SystemRegisterKind.Storage"/> register (bits outside the masks are forced).</summary>
    public ulong Reset { get; init; }

    /// <summary>Value of a <see cref="SystemRegisterKind.Constant"/> register, or a per-vCPU reset value.</summary>
    public Func<CpuIdentity, ulong>? IdentityValue { get; init; }

    /// <summary>Bits a write can change; the others are RES0 (or RES1 when in <see cref="Res1"/>).</summary>
    public ulong WritableMask { get; init; } = ulong.MaxValue;

    /// <summary>Bits that always read as one.</summary>
    public ulong Res1 { get; init; }

    /// <summary>A fixed hot slot, or null to get one after <see cref="SystemRegisterSlot.Count"/>.</summary>
    public SystemRegisterSlot? Slot { get; init; }

    /// <summary>Index into the register file's value array (assigned by the table).</summary>
    public int StorageIndex { get; init; } = -1;

    public SpecialRegister Special { get; init; }

    public TimerRegister Timer { get; init; }

    public PerformanceMonitorRegister Pmu { get; init; }

    /// <summary>n of PMEVCNTR&lt;n&gt;_EL0 / PMEVTYPER&lt;n&gt;_EL0.</summary>
    public int PmuCounter { get; init; }

    public SystemOperation Operation { get; init; }

    /// <summary>What a write makes stale.</summary>
    public SystemRegisterEffects WriteEffects { get; init; }

    /// <summary>The value a stored register takes when written with <paramref name="value"/>.</summary>
    public ulong Sanitize(ulong value) => (value & WritableMask) | Res1;
}
