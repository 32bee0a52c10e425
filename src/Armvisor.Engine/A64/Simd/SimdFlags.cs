namespace Armvisor.Engine.A64.Simd;

/// <summary>Bits of <see cref="Execution.DecodedInstruction.Flags"/> for FP/AdvSIMD records.</summary>
internal static class SimdFlags
{
    /// <summary>Q = 1: the 128-bit vector form (or, for "2" variants, the upper half of the sources/destination).</summary>
    public const byte Q = 1;

    /// <summary>The scalar form: only element 0 is computed, everything above it is zeroed.</summary>
    public const byte Scalar = 2;

    /// <summary>U = 1: unsigned elements.</summary>
    public const byte Unsigned = 4;

    /// <summary>Rounding variant (SRSHR, RSHRN, SRHADD, RADDHN...).</summary>
    public const byte Round = 8;

    /// <summary>Accumulating variant (SSRA, SABA, MLA, ADALP...).</summary>
    public const byte Accumulate = 16;

    /// <summary>Subtracting / negating variant (MLS, SMLSL, FMLS...).</summary>
    public const byte Negate = 32;
}
