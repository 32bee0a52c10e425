namespace Armvisor.Engine.A64.Simd;

/// <summary>The FPSR cumulative exception bits (DDI0487 D24.2.56 FPSR): IOC, DZC, OFC, UFC, IXC, IDC.</summary>
internal static class FpExceptions
{
    public const uint InvalidOperation = 1u << 0;
    public const uint DivideByZero = 1u << 1;
    public const uint Overflow = 1u << 2;
    public const uint Underflow = 1u << 3;
    public const uint Inexact = 1u << 4;
    public const uint InputDenormal = 1u << 7;

    /// <summary>FPCR.RMode, bits [23:22].</summary>
    public static FpRounding RoundingMode(uint fpcr) => (FpRounding)((fpcr >> 22) & 3);

    /// <summary>FPCR.FZ, bit 24: flush denormal inputs and outputs to zero (not for half precision in ARMv8.0).</summary>
    public static bool FlushToZero(uint fpcr) => (fpcr & (1u << 24)) != 0;

    /// <summary>FPCR.DN, bit 25: NaN results are the default NaN.</summary>
    public static bool DefaultNaN(uint fpcr) => (fpcr & (1u << 25)) != 0;

    /// <summary>FPCR.AHP, bit 26: alternative half-precision format for conversions.</summary>
    public static bool AlternativeHalf(uint fpcr) => (fpcr & (1u << 26)) != 0;
}
