namespace Armvisor.Engine.A64.Simd;

/// <summary>An IEEE 754 binary format: total width N, exponent width E and fraction width F (DDI0487 FPRound parameters).</summary>
internal readonly record struct FloatFormat(int Width, int ExponentBits, int FractionBits)
{
    public static readonly FloatFormat Half = new(16, 5, 10);
    public static readonly FloatFormat Single = new(32, 8, 23);
    public static readonly FloatFormat Double = new(64, 11, 52);

    /// <summary>The format of an FP type field (ftype 00 single, 01 double, 11 half) or AdvSIMD sz bit.</summary>
    public static FloatFormat FromSizeLog2(int log2Bytes) => log2Bytes switch { 1 => Half, 2 => Single, _ => Double };

    public int Bias => (1 << (ExponentBits - 1)) - 1;

    /// <summary>The minimum normal exponent, 1 - bias.</summary>
    public int MinimumExponent => 1 - Bias;

    public int MaxBiasedExponent => (1 << ExponentBits) - 1;

    public ulong SignBit => 1UL << (Width - 1);

    public ulong FractionMask => (1UL << FractionBits) - 1;

    public ulong QuietBit => 1UL << (FractionBits - 1);

    public ulong ExponentMask => (ulong)MaxBiasedExponent << FractionBits;

    public ulong Infinity(bool sign) => (sign ? SignBit : 0) | ExponentMask;

    public ulong Zero(bool sign) => sign ? SignBit : 0;

    /// <summary>FPMaxNormal.</summary>
    public ulong MaxNormal(bool sign) => (sign ? SignBit : 0) | ((ulong)(MaxBiasedExponent - 1) << FractionBits) | FractionMask;

    /// <summary>FPDefaultNaN: positive, quiet, zero payload (0x7E00, 0x7FC00000, 0x7FF8000000000000).</summary>
    public ulong DefaultNaN => ExponentMask | QuietBit;

    public ulong Mask => Width == 64 ? ulong.MaxValue : (1UL << Width) - 1;
}
