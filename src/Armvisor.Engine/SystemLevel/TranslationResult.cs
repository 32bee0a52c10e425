using Armvisor.Arm64;

namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The outcome of a stage-1 translation: an output address with everything a soft-TLB entry needs, or a fault.
/// </summary>
/// <param name="Fault">The fault, or <see cref="TranslationFault.None"/>.</param>
/// <param name="Level">Lookup level of the leaf descriptor, or of the fault.</param>
/// <param name="OutputAddress">Output (intermediate physical) address of the translated VA.</param>
/// <param name="BlockSizeLog2">log2 of the page or block size: 12 (page), 21 (level-2 block) or 30 (level-1 block).</param>
/// <param name="Permissions">Access permissions before PAN.</param>
/// <param name="Global">nG = 0: the entry matches every ASID.</param>
/// <param name="Asid">The ASID the entry is tagged with (TCR_EL1.A1 selects TTBR0/TTBR1, TCR_EL1.AS 8 or 16 bits).</param>
/// <param name="Attributes">The MAIR_EL1 attribute byte (0x00-0x0C with upper nibble 0: Device).</param>
/// <param name="Shareability">SH[1:0] of the descriptor.</param>
/// <param name="WalkAddress">For <see cref="TranslationFault.Stage2OnWalk"/>: the IPA of the descriptor that could not be read.</param>
public readonly record struct TranslationResult(
    TranslationFault Fault,
    int Level,
    ulong OutputAddress,
    int BlockSizeLog2,
    PagePermissions Permissions,
    bool Global,
    ushort Asid,
    byte Attributes,
    byte Shareability,
    ulong WalkAddress = 0)
{
    public bool IsFault => Fault != TranslationFault.None;

    /// <summary>Device memory (MAIR attribute 0b0000dd00): unaligned accesses take an Alignment fault (DDI0487 B2.5.2).</summary>
    public bool IsDevice => (Attributes & 0xF0) == 0;

    /// <summary>S1PTW for the syndrome.</summary>
    public bool StageOneWalk => Fault == TranslationFault.Stage2OnWalk;

    /// <summary>
    /// DFSC/IFSC for a stage-1 fault (DDI0487 D24.2.40). For <see cref="TranslationFault.Stage2OnWalk"/> the caller
    /// builds the stage-2 syndrome; this then reports a translation fault at the stage-1 level being walked.
    /// </summary>
    public FaultStatusCode StatusCode => Fault switch
    {
        TranslationFault.AddressSize => (FaultStatusCode)(0x00 + Level),
        TranslationFault.AccessFlag => (FaultStatusCode)(0x08 + Level),
        TranslationFault.Permission => (FaultStatusCode)(0x0C + Level),
        _ => (FaultStatusCode)(0x04 + Level),
    };

    internal static TranslationResult Faulted(TranslationFault fault, int level, ulong walkAddress = 0) =>
        new(fault, level, 0, 0, PagePermissions.None, false, 0, 0, 0, walkAddress);
}
