namespace Armvisor.Bench.Differential;

/// <summary>How the generator fills an encoding's fields (mirrors the engine table's generator flag).</summary>
public enum GenerationPolicy
{
    /// <summary>Any value of every field.</summary>
    Free,

    /// <summary>
    /// A memory access: the base register points into the scratch buffer, offsets and index registers stay small, and
    /// the transfer registers differ from the base and from each other (DDI0487 C6: write-back with Rt == Rn and
    /// LDP with Rt == Rt2 are CONSTRAINED UNPREDICTABLE).
    /// </summary>
    ConstrainedMemory,
}
