namespace Armvisor.Engine.A64.Simd;

/// <summary>FPRounding (DDI0487 J1): the first four values are the FPCR.RMode encodings.</summary>
internal enum FpRounding : byte
{
    TiesToEven = 0,
    PlusInfinity = 1,
    MinusInfinity = 2,
    Zero = 3,
    TiesAway = 4,
    Odd = 5,
}
