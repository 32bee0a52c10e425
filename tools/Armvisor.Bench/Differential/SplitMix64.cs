namespace Armvisor.Bench.Differential;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny PRNG whose output depends only on the seed, so a printed seed
/// reproduces a run on any .NET version (unlike <see cref="Random"/>'s unspecified algorithm).
/// </summary>
public struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E37_79B9_7F4A_7C15;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="bound"/>).</summary>
    public ulong Below(ulong bound) => bound == 0 ? 0 : Next() % bound;

    /// <summary>True with probability 1 / <paramref name="oneIn"/>.</summary>
    public bool OneIn(ulong oneIn) => Below(oneIn) == 0;

    /// <summary>The seed of case <paramref name="index"/> of a run seeded with <paramref name="runSeed"/>.</summary>
    public static ulong CaseSeed(ulong runSeed, long index)
    {
        var mix = new SplitMix64(runSeed ^ ((ulong)index * 0xD1B5_4A32_D192_ED03));
        return mix.Next();
    }
}
