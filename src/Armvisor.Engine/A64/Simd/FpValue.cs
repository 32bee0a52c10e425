namespace Armvisor.Engine.A64.Simd;

/// <summary>An unpacked FP operand: its type, sign and, for finite values, the exact value Mantissa * 2^Exponent.</summary>
internal readonly record struct FpValue(FpType Type, bool Sign, int Exponent, ulong Mantissa)
{
    public bool IsNaN => Type >= FpType.QuietNaN;
}
