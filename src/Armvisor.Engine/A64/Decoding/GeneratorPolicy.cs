namespace Armvisor.Engine.A64.Decoding;

/// <summary>Whether the random differential generator may emit an encoding, and under which constraint.</summary>
public enum GeneratorPolicy : byte
{
    /// <summary>Never emitted (branches, exception generation, system, WFI/WFE...): its effect is not a register diff.</summary>
    Never,

    /// <summary>Any value of the named fields is fine.</summary>
    Always,

    /// <summary>
    /// A memory access: the generator must make the base register (field <c>Rn</c>, never SP unless it points at the data
    /// buffer) address the data buffer, keep offsets within it and keep the transfer registers distinct from the base
    /// when write-back is used.
    /// </summary>
    ConstrainedBaseRegister,
}
