namespace Armvisor.Bench.Differential;

/// <summary>
/// A catalog over a fixed list of templates, decoding a word to the most specific template that matches it.
/// Used by the tests to check the runner and the generator against QEMU alone.
/// </summary>
public sealed class PatternCatalog(IReadOnlyList<EncodingTemplate> templates) : IEncodingCatalog
{
    public IReadOnlyList<EncodingTemplate> Templates { get; } = templates;

    public EncodingTemplate? Decode(uint word)
    {
        EncodingTemplate? best = null;
        foreach (EncodingTemplate t in Templates)
        {
            if ((word & t.FixedMask) == t.FixedBits
                && (best is null || System.Numerics.BitOperations.PopCount(t.FixedMask) > System.Numerics.BitOperations.PopCount(best.FixedMask)))
            {
                best = t;
            }
        }

        return best;
    }
}
