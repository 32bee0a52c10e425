namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// What <see cref="TranslationWalker.WalkDescriptors"/> found: the block or page descriptor with the table controls
/// inherited on the way (APTable, XNTable/UXNTable, PXNTable in their descriptor bit positions), or a fault.
/// </summary>
/// <param name="Fault">The fault, or <see cref="TranslationFault.None"/>.</param>
/// <param name="Level">The lookup level of the leaf descriptor, or of the fault.</param>
/// <param name="Descriptor">The leaf descriptor.</param>
/// <param name="Inherited">Bits [62:59] of the table descriptors, ORed.</param>
/// <param name="Shift">log2 of the block or page size.</param>
/// <param name="OutputMask">The output-address bits the leaf supplies.</param>
/// <param name="WalkAddress">The address of the last descriptor read (for a stage-2 fault on the walk, the one that failed).</param>
internal readonly record struct DescriptorWalk(
    TranslationFault Fault, int Level, ulong Descriptor, ulong Inherited, int Shift, ulong OutputMask, ulong WalkAddress)
{
    public static DescriptorWalk Faulted(TranslationFault fault, int level, ulong walkAddress) =>
        new(fault, level, 0, 0, 0, 0, walkAddress);
}
