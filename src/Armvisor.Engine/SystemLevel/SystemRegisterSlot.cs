namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// Fixed storage slots of the hot registers, so <see cref="SystemRegisterFile"/>'s typed properties index its value
/// array with a constant. Every other stored register gets a slot after <see cref="Count"/> when the table is built.
/// </summary>
internal enum SystemRegisterSlot
{
    SctlrEl1,
    TcrEl1,
    Ttbr0El1,
    Ttbr1El1,
    MairEl1,
    VbarEl1,
    CpacrEl1,
    ContextidrEl1,
    TpidrEl0,
    TpidrroEl0,
    TpidrEl1,
    ElrEl1,
    SpsrEl1,
    EsrEl1,
    FarEl1,
    ParEl1,
    CsselrEl1,
    CntfrqEl0,
    HcrEl2,
    MdcrEl2,
    CptrEl2,
    CnthctlEl2,
    VpidrEl2,
    VmpidrEl2,
    ScrEl3,
    CptrEl3,
    MdscrEl1,
    Count,
}
