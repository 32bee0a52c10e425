namespace Armvisor.Engine.Execution;

/// <summary>Bits of <see cref="DecodedInstruction.Flags"/>.</summary>
internal static class InstructionFlags
{
    /// <summary>sf = 1: 64-bit operation.</summary>
    public const byte Is64 = 1;

    /// <summary>Base register write-back (pre- or post-index).</summary>
    public const byte WriteBack = 2;

    /// <summary>Post-index: the access uses the unmodified base.</summary>
    public const byte PostIndex = 4;

    /// <summary>Load sign-extends.</summary>
    public const byte SignExtend = 8;

    /// <summary>Load sign-extends to 32 bits only (LDRSB Wt...).</summary>
    public const byte Signed32 = 16;

    /// <summary>Flag-setting form (ADDS, ANDS...), or acquire/release semantics for memory accesses.</summary>
    public const byte SetFlags = 32;

    /// <summary>Acquire/release (ISS AR) for memory accesses.</summary>
    public const byte AcquireRelease = 32;

    /// <summary>Unprivileged access (LDTR/STTR).</summary>
    public const byte Unprivileged = 64;

    /// <summary>Negated / inverted variant (MOVN, BIC, CSINV, CBNZ, TBNZ...).</summary>
    public const byte Invert = 128;
}
