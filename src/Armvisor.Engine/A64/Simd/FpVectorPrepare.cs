using Armvisor.Engine.Execution;
using Op = Armvisor.Engine.A64.Simd.FpVectorOperation;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: prepare functions are called only by the decoder, with d pointing at the record it is filling.
/// <summary>
/// Pre-decoding of the AdvSIMD FP rows: the operation of each (U, a = bit 23, opcode) of the "three same", "two-register
/// misc", "across lanes" and "scalar pairwise" groups (DDI0487 C4.1.95 tables), element size from sz (bit 22), and the
/// reserved combinations (sz = 1 with Q = 0; half precision, which needs FEAT_FP16).
/// </summary>
internal static unsafe class FpVectorPrepare
{
    private const byte None = 255;

    /// <summary>Three same FP: opcode bits [15:11] = 11xxx.</summary>
    private static byte ThreeSameOperation(int u, int a, int opcode) => (u, a, opcode) switch
    {
        (0, 0, 0b11000) => (byte)Op.MaxNumber,
        (0, 0, 0b11001) => (byte)Op.MultiplyAdd,
        (0, 0, 0b11010) => (byte)Op.Add,
        (0, 0, 0b11011) => (byte)Op.MultiplyExtended,
        (0, 0, 0b11100) => (byte)Op.CompareEqual,
        (0, 0, 0b11110) => (byte)Op.Max,
        (0, 0, 0b11111) => (byte)Op.ReciprocalStep,
        (0, 1, 0b11000) => (byte)Op.MinNumber,
        (0, 1, 0b11001) => (byte)Op.MultiplySubtract,
        (0, 1, 0b11010) => (byte)Op.Subtract,
        (0, 1, 0b11110) => (byte)Op.Min,
        (0, 1, 0b11111) => (byte)Op.ReciprocalSqrtStep,
        (1, 0, 0b11000) => (byte)Op.MaxNumber, // FMAXNMP
        (1, 0, 0b11010) => (byte)Op.Add, // FADDP
        (1, 0, 0b11011) => (byte)Op.Multiply,
        (1, 0, 0b11100) => (byte)Op.CompareGreaterOrEqual,
        (1, 0, 0b11101) => (byte)Op.AbsoluteCompareGreaterOrEqual,
        (1, 0, 0b11110) => (byte)Op.Max, // FMAXP
        (1, 0, 0b11111) => (byte)Op.Divide,
        (1, 1, 0b11000) => (byte)Op.MinNumber, // FMINNMP
        (1, 1, 0b11010) => (byte)Op.AbsoluteDifference,
        (1, 1, 0b11100) => (byte)Op.CompareGreater,
        (1, 1, 0b11101) => (byte)Op.AbsoluteCompareGreater,
        (1, 1, 0b11110) => (byte)Op.Min, // FMINP
        _ => None,
    };

    private static int U(uint raw) => (int)(raw >> 29) & 1;

    private static int A(uint raw) => (int)(raw >> 23) & 1;

    private static bool VectorSize(uint raw, DecodedInstruction* d, bool scalar)
    {
        int sz = (int)(raw >> 22) & 1;
        bool q = !scalar && ((raw >> 30) & 1) != 0;
        d->Size = (byte)(2 + sz);
        d->Flags = (byte)((q ? SimdFlags.Q : 0) | (scalar ? SimdFlags.Scalar : 0));
        return scalar || sz == 0 || q;
    }

    public static bool ThreeSameVector(uint raw, DecodedInstruction* d)
    {
        d->Option = ThreeSameOperation(U(raw), A(raw), (int)(raw >> 11) & 0x1F);
        return VectorSize(raw, d, scalar: false) && d->Option != None;
    }

    public static bool ThreeSameScalar(uint raw, DecodedInstruction* d)
    {
        d->Option = ThreeSameOperation(U(raw), A(raw), (int)(raw >> 11) & 0x1F);
        return VectorSize(raw, d, scalar: true) && d->Option != None;
    }

    /// <summary>Two-register misc FP: (operation, rounding in Shift, unsigned, exact).</summary>
    private static bool TwoRegisterMisc(uint raw, DecodedInstruction* d, bool scalar)
    {
        int u = U(raw), a = A(raw), opcode = (int)(raw >> 12) & 0x1F;
        bool ok = VectorSize(raw, d, scalar);
        byte unsigned = u != 0 ? SimdFlags.Unsigned : (byte)0;
        d->Shift = FpVector.FpcrRounding;
        (Op op, byte rounding, byte flags)? decoded = (u, a, opcode) switch
        {
            (_, 0, 0b11000) when !scalar => (Op.RoundToIntegral, u == 0 ? (byte)FpRounding.TiesToEven : (byte)FpRounding.TiesAway, 0),
            (0, 0, 0b11001) when !scalar => (Op.RoundToIntegral, (byte)FpRounding.MinusInfinity, 0),
            (1, 0, 0b11001) when !scalar => (Op.RoundToIntegral, FpVector.FpcrRounding, FpVector.Exact),
            (0, 1, 0b11000) when !scalar => (Op.RoundToIntegral, (byte)FpRounding.PlusInfinity, 0),
            (0, 1, 0b11001) when !scalar => (Op.RoundToIntegral, (byte)FpRounding.Zero, 0),
            (1, 1, 0b11001) when !scalar => (Op.RoundToIntegral, FpVector.FpcrRounding, 0),
            (_, 0, 0b11010) => (Op.ConvertToInteger, (byte)FpRounding.TiesToEven, unsigned),
            (_, 0, 0b11011) => (Op.ConvertToInteger, (byte)FpRounding.MinusInfinity, unsigned),
            (_, 0, 0b11100) => (Op.ConvertToInteger, (byte)FpRounding.TiesAway, unsigned),
            (_, 1, 0b11010) => (Op.ConvertToInteger, (byte)FpRounding.PlusInfinity, unsigned),
            (_, 1, 0b11011) => (Op.ConvertToInteger, (byte)FpRounding.Zero, unsigned),
            (_, 0, 0b11101) => (Op.ConvertFromInteger, FpVector.FpcrRounding, unsigned),
            (0, 1, 0b01100) => (Op.CompareGreaterZero, 0, 0),
            (0, 1, 0b01101) => (Op.CompareEqualZero, 0, 0),
            (0, 1, 0b01110) => (Op.CompareLessZero, 0, 0),
            (1, 1, 0b01100) => (Op.CompareGreaterOrEqualZero, 0, 0),
            (1, 1, 0b01101) => (Op.CompareLessOrEqualZero, 0, 0),
            (0, 1, 0b01111) when !scalar => (Op.Abs, 0, 0),
            (1, 1, 0b01111) when !scalar => (Op.Negate, 0, 0),
            (1, 1, 0b11111) when !scalar => (Op.Sqrt, 0, 0),
            (0, 1, 0b11101) => (Op.ReciprocalEstimate, 0, 0),
            (1, 1, 0b11101) => (Op.ReciprocalSqrtEstimate, 0, 0),
            (0, 1, 0b11111) when scalar => (Op.ReciprocalExponent, 0, 0),
            (0, 1, 0b11100) when !scalar && d->Size == 2 => (Op.UnsignedReciprocalEstimate, 0, 0),
            (1, 1, 0b11100) when !scalar && d->Size == 2 => (Op.UnsignedReciprocalSqrtEstimate, 0, 0),
            _ => null,
        };
        if (decoded is not { } value)
        {
            return false;
        }

        d->Option = (byte)value.op;
        d->Shift = value.rounding;
        d->Flags |= value.flags;
        return ok;
    }

    public static bool MiscVector(uint raw, DecodedInstruction* d) => TwoRegisterMisc(raw, d, scalar: false);

    public static bool MiscScalar(uint raw, DecodedInstruction* d) => TwoRegisterMisc(raw, d, scalar: true);

    /// <summary>FCVTN/FCVTXN (Size = source element size; FCVTXN needs doubles and rounds to odd), FCVTL (Size = destination).</summary>
    public static bool ConvertNarrow(uint raw, DecodedInstruction* d)
    {
        bool scalar = ((raw >> 28) & 1) != 0;
        int sz = (int)(raw >> 22) & 1;
        bool odd = U(raw) != 0;
        d->Size = (byte)(2 + sz);
        d->Flags = (byte)((!scalar && ((raw >> 30) & 1) != 0 ? SimdFlags.Q : 0) | (scalar ? SimdFlags.Scalar : 0));
        d->Shift = odd ? (byte)FpRounding.Odd : FpVector.FpcrRounding;
        return !odd || sz == 1;
    }

    public static bool ConvertLong(uint raw, DecodedInstruction* d)
    {
        d->Size = (byte)(2 + ((raw >> 22) & 1));
        d->Flags = (byte)(((raw >> 30) & 1) != 0 ? SimdFlags.Q : 0);
        return true;
    }

    /// <summary>Across lanes FP: 4S only; a selects max or min, opcode 01100 the "NM" variants.</summary>
    public static bool AcrossLanes(uint raw, DecodedInstruction* d)
    {
        bool number = ((raw >> 12) & 0x1F) == 0b01100;
        bool min = A(raw) != 0;
        d->Option = (byte)(number ? (min ? Op.MinNumber : Op.MaxNumber) : (min ? Op.Min : Op.Max));
        return ((raw >> 22) & 1) == 0 && ((raw >> 30) & 1) != 0;
    }

    /// <summary>Scalar pairwise FP: opcode 01100 (F{MAX,MIN}NMP), 01101 (FADDP, a = 0), 01111 (F{MAX,MIN}P).</summary>
    public static bool PairScalar(uint raw, DecodedInstruction* d)
    {
        int opcode = (int)(raw >> 12) & 0x1F;
        bool min = A(raw) != 0;
        d->Size = (byte)(2 + ((raw >> 22) & 1));
        d->Option = opcode switch
        {
            0b01100 => (byte)(min ? Op.MinNumber : Op.MaxNumber),
            0b01101 => (byte)Op.Add,
            _ => (byte)(min ? Op.Min : Op.Max),
        };
        return !(opcode == 0b01101 && min);
    }

    /// <summary>SCVTF/UCVTF/FCVTZS/FCVTZU (vector or scalar, fixed-point): fbits = 2 * esize - immh:immb; half needs FP16.</summary>
    private static bool FixedPoint(uint raw, DecodedInstruction* d, bool scalar)
    {
        int immh = (int)(raw >> 19) & 0xF;
        int immhb = (int)(raw >> 16) & 0x7F;
        bool q = !scalar && ((raw >> 30) & 1) != 0;
        int size = (immh & 8) != 0 ? 3 : 2;
        d->Size = (byte)size;
        d->Imm2 = (ulong)((16 << size) - immhb);
        d->Flags = (byte)((q ? SimdFlags.Q : 0) | (scalar ? SimdFlags.Scalar : 0) | (U(raw) != 0 ? SimdFlags.Unsigned : 0));
        bool toInteger = ((raw >> 11) & 0x1F) == 0b11111;
        d->Option = (byte)(toInteger ? Op.ConvertToInteger : Op.ConvertFromInteger);
        d->Shift = toInteger ? (byte)FpRounding.Zero : FpVector.FpcrRounding;
        return (immh & 0b1100) != 0 && (scalar || size == 2 || q);
    }

    public static bool FixedPointVector(uint raw, DecodedInstruction* d) => FixedPoint(raw, d, scalar: false);

    public static bool FixedPointScalar(uint raw, DecodedInstruction* d) => FixedPoint(raw, d, scalar: true);

    /// <summary>
    /// By element FP (FMLA, FMLS, FMUL, FMULX): sz = 0 gives S elements indexed by H:L with Rm = M:Rm; sz = 1 gives D
    /// elements indexed by H (L must be 0, and the vector form needs Q = 1).
    /// </summary>
    private static bool ByElement(uint raw, DecodedInstruction* d, bool scalar)
    {
        int sz = (int)(raw >> 22) & 1;
        int l = (int)(raw >> 21) & 1, h = (int)(raw >> 11) & 1;
        int opcode = (int)(raw >> 12) & 0xF;
        bool ok = VectorSize(raw, d, scalar) && !(sz == 1 && l == 1);
        d->Rm = (byte)((raw >> 16) & 0x1F);
        d->Imm = (ulong)(sz == 0 ? (h << 1) | l : h);
        d->Flags |= FpVector.ByElement;
        d->Option = (U(raw), opcode) switch
        {
            (0, 0b0001) => (byte)Op.MultiplyAdd,
            (0, 0b0101) => (byte)Op.MultiplySubtract,
            (0, 0b1001) => (byte)Op.Multiply,
            (1, 0b1001) => (byte)Op.MultiplyExtended,
            _ => None,
        };
        return ok && d->Option != None;
    }

    public static bool ByElementVector(uint raw, DecodedInstruction* d) => ByElement(raw, d, scalar: false);

    public static bool ByElementScalar(uint raw, DecodedInstruction* d) => ByElement(raw, d, scalar: true);
}
