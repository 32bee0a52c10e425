namespace Armvisor.Engine.SystemLevel;

/// <summary>AT S1E0R/S1E0W/S1E1R/S1E1W and the PAR_EL1 encoding of their result (DDI0487 C5.5 "A64 AT instructions", D24.2.99 PAR_EL1).</summary>
public sealed partial class TranslationWalker
{
    private const ulong ParFault = 1UL << 0;
    private const ulong ParNonSecure = 1UL << 9;
    private const ulong ParRes1 = 1UL << 11;
    private const ulong ParStage2 = 1UL << 9;
    private const ulong ParPtw = 1UL << 8;

    /// <summary>
    /// Executes an AT instruction: translates <paramref name="virtualAddress"/> as the stage-1 EL1 (S1E1*, no PAN check) or
    /// EL0 (S1E0*) access and writes PAR_EL1. A stage-2 fault on the walk is not reported in PAR_EL1 but taken to EL2:
    /// then PAR_EL1 is unchanged and the result's <see cref="TranslationResult.Fault"/> is <see cref="TranslationFault.Stage2OnWalk"/>.
    /// </summary>
    public TranslationResult AddressTranslate(SystemOperation operation, ulong virtualAddress)
    {
        (MemoryAccessKind access, bool unprivileged) = operation switch
        {
            SystemOperation.AddressTranslateS1E1R => (MemoryAccessKind.Read, false),
            SystemOperation.AddressTranslateS1E1W => (MemoryAccessKind.Write, false),
            SystemOperation.AddressTranslateS1E0R => (MemoryAccessKind.Read, true),
            SystemOperation.AddressTranslateS1E0W => (MemoryAccessKind.Write, true),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an AT operation."),
        };

        TranslationResult result = Check(Walk(virtualAddress), access, unprivileged, pan: false);
        if (result.Fault != TranslationFault.Stage2OnWalk)
        {
            _registers.ParEl1 = ParValue(result);
        }

        return result;
    }

    /// <summary>PAR_EL1 for a stage-1 result: F=0 with PA, ATTR, SH, NS; or F=1 with FST (and S/PTW for stage-2 walk faults).</summary>
    public static ulong ParValue(TranslationResult result)
    {
        if (result.IsFault)
        {
            ulong stage2 = result.StageOneWalk ? ParStage2 | ParPtw : 0;
            return ParFault | ((ulong)result.StatusCode << 1) | stage2 | ParRes1;
        }

        // Device and Normal Non-cacheable memory report SH = 0b10, Outer Shareable.
        bool nonCacheable = result.IsDevice || result.Attributes == NormalNonCacheable;
        ulong shareability = nonCacheable ? 0b10UL : result.Shareability;
        return ((ulong)result.Attributes << 56) | (result.OutputAddress & OutputAddressMask) | ParRes1 | ParNonSecure
            | (shareability << 7);
    }
}
