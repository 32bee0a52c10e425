namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// How <see cref="TranslationWalker"/> reads translation-table descriptors: 64-bit little-endian loads from guest
/// physical (intermediate physical) addresses, through stage 2. Supplied by the interpreter.
/// </summary>
public interface IPageTableReader
{
    /// <summary>Reads the descriptor at <paramref name="address"/>.</summary>
    /// <returns>False when the address is not readable RAM at stage 2: the walk then ends in a stage-2 fault with S1PTW = 1.</returns>
    bool TryReadDescriptor(ulong address, out ulong descriptor);
}
