namespace Armvisor.Engine.Interpreter;

/// <summary>Sizes shared by the interpreter's caches (4K translation granule, DDI0487 D8.2).</summary>
internal static class InterpreterConstants
{
    public const int PageShift = 12;

    public const ulong PageSize = 1UL << PageShift;

    public const ulong PageOffsetMask = PageSize - 1;

    public const ulong PageMask = ~PageOffsetMask;

    /// <summary>Most instructions a decoded block may hold (a 4K page holds 1024).</summary>
    public const int MaxBlockInstructions = 256;
}
