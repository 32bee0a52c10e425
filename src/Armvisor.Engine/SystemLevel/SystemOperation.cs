namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// What a permitted System instruction (SYS, op0=1) asks the interpreter to do
/// (DDI0487 C5.3.1 cache maintenance, C5.3.2 address translation, C5.3.3 TLB maintenance).
/// </summary>
public enum SystemOperation : byte
{
    None,

    /// <summary>IC IALLUIS, IC IALLU, IC IVAU: drop decoded blocks (IALLUIS broadcast; HCR_EL2.FB broadcasts IALLU).</summary>
    InstructionCacheInvalidateAll,
    InstructionCacheInvalidateAllInnerShareable,
    InstructionCacheInvalidateByVa,

    /// <summary>DC IVAC/ISW/CSW/CISW/CVAC/CVAU/CIVAC: no effect on a coherent emulated memory system.</summary>
    DataCacheMaintenance,

    /// <summary>DC ZVA: zero the DCZID_EL0.BS-sized block containing Xt.</summary>
    DataCacheZeroByVa,

    AddressTranslateS1E1R,
    AddressTranslateS1E1W,
    AddressTranslateS1E0R,
    AddressTranslateS1E0W,

    /// <summary>TLBI VMALLE1: every EL1&amp;0 entry of this VMID.</summary>
    TlbInvalidateAll,

    /// <summary>TLBI VAE1 / VALE1: by VA and ASID (Xt[63:48] ASID, Xt[43:0] VA[55:12]).</summary>
    TlbInvalidateByVa,
    TlbInvalidateByVaLastLevel,

    /// <summary>TLBI ASIDE1: every non-global entry of an ASID.</summary>
    TlbInvalidateByAsid,

    /// <summary>TLBI VAAE1 / VAALE1: by VA, all ASIDs.</summary>
    TlbInvalidateByVaAllAsids,
    TlbInvalidateByVaAllAsidsLastLevel,
}
