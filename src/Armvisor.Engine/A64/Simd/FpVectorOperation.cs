namespace Armvisor.Engine.A64.Simd;

/// <summary>The per-element operation of an AdvSIMD FP record (kept in <see cref="Execution.DecodedInstruction.Option"/>).</summary>
internal enum FpVectorOperation : byte
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Max,
    Min,
    MaxNumber,
    MinNumber,
    MultiplyExtended,
    AbsoluteDifference,
    ReciprocalStep,
    ReciprocalSqrtStep,
    CompareEqual,
    CompareGreaterOrEqual,
    CompareGreater,
    AbsoluteCompareGreaterOrEqual,
    AbsoluteCompareGreater,
    MultiplyAdd,
    MultiplySubtract,

    // Unary operations.
    Abs,
    Negate,
    Sqrt,
    RoundToIntegral,
    ConvertToInteger,
    ConvertFromInteger,
    CompareGreaterZero,
    CompareGreaterOrEqualZero,
    CompareEqualZero,
    CompareLessOrEqualZero,
    CompareLessZero,
    ReciprocalEstimate,
    ReciprocalSqrtEstimate,
    ReciprocalExponent,
    UnsignedReciprocalEstimate,
    UnsignedReciprocalSqrtEstimate,
}
