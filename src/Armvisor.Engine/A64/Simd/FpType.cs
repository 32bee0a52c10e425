namespace Armvisor.Engine.A64.Simd;

/// <summary>The FPType of DDI0487 FPUnpack.</summary>
internal enum FpType : byte
{
    Zero,
    Nonzero,
    Infinity,
    QuietNaN,
    SignallingNaN,
}
