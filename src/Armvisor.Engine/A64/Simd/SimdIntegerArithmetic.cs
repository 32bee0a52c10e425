using System.Runtime.Intrinsics;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD integer "three same" operations that map onto whole-vector host operations (DDI0487 C4.1.95 "Advanced SIMD
/// three same" and its scalar form): ADD, SUB, MUL, MLA, MLS, CMEQ, CMTST, CMGT, CMGE, CMHI, CMHS, SMAX/UMAX,
/// SMIN/UMIN, SABD/UABD, SABA/UABA, and the bitwise AND/BIC/ORR/ORN/EOR/BSL/BIT/BIF. The same handlers serve the scalar
/// doubleword forms (a 64-bit vector of one element).
/// </summary>
internal static unsafe class SimdIntegerArithmetic
{
    private static Vector128<byte> N(InterpreterVcpu v, DecodedInstruction* d) => Read(v, d->Rn);

    private static Vector128<byte> M(InterpreterVcpu v, DecodedInstruction* d) => Read(v, d->Rm);

    private static bool Done(InterpreterVcpu v, DecodedInstruction* d, Vector128<byte> result)
    {
        WriteVector(v, d, result);
        return true;
    }

    private static Vector128<byte> AddT<T>(Vector128<byte> a, Vector128<byte> b) => (a.As<byte, T>() + b.As<byte, T>()).AsByte();

    private static Vector128<byte> SubT<T>(Vector128<byte> a, Vector128<byte> b) => (a.As<byte, T>() - b.As<byte, T>()).AsByte();

    private static Vector128<byte> MulT<T>(Vector128<byte> a, Vector128<byte> b) => (a.As<byte, T>() * b.As<byte, T>()).AsByte();

    private static Vector128<byte> EqT<T>(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.As<byte, T>(), b.As<byte, T>()).AsByte();

    private static Vector128<byte> GtT<T>(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.As<byte, T>(), b.As<byte, T>()).AsByte();

    private static Vector128<byte> GeT<T>(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.As<byte, T>(), b.As<byte, T>()).AsByte();

    private static Vector128<byte> MaxT<T>(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.As<byte, T>(), b.As<byte, T>()).AsByte();

    private static Vector128<byte> MinT<T>(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.As<byte, T>(), b.As<byte, T>()).AsByte();

    public static Vector128<byte> Add(Vector128<byte> a, Vector128<byte> b, int size) => size switch
    {
        0 => AddT<byte>(a, b),
        1 => AddT<ushort>(a, b),
        2 => AddT<uint>(a, b),
        _ => AddT<ulong>(a, b),
    };

    public static Vector128<byte> Sub(Vector128<byte> a, Vector128<byte> b, int size) => size switch
    {
        0 => SubT<byte>(a, b),
        1 => SubT<ushort>(a, b),
        2 => SubT<uint>(a, b),
        _ => SubT<ulong>(a, b),
    };

    public static Vector128<byte> Mul(Vector128<byte> a, Vector128<byte> b, int size) => size switch
    {
        0 => MulT<byte>(a, b),
        1 => MulT<ushort>(a, b),
        _ => MulT<uint>(a, b),
    };

    public static Vector128<byte> Equal(Vector128<byte> a, Vector128<byte> b, int size) => size switch
    {
        0 => EqT<byte>(a, b),
        1 => EqT<ushort>(a, b),
        2 => EqT<uint>(a, b),
        _ => EqT<ulong>(a, b),
    };

    public static Vector128<byte> Greater(Vector128<byte> a, Vector128<byte> b, int size, bool unsigned) => (size, unsigned) switch
    {
        (0, false) => GtT<sbyte>(a, b),
        (1, false) => GtT<short>(a, b),
        (2, false) => GtT<int>(a, b),
        (_, false) => GtT<long>(a, b),
        (0, true) => GtT<byte>(a, b),
        (1, true) => GtT<ushort>(a, b),
        (2, true) => GtT<uint>(a, b),
        _ => GtT<ulong>(a, b),
    };

    public static Vector128<byte> GreaterOrEqual(Vector128<byte> a, Vector128<byte> b, int size, bool unsigned) => (size, unsigned) switch
    {
        (0, false) => GeT<sbyte>(a, b),
        (1, false) => GeT<short>(a, b),
        (2, false) => GeT<int>(a, b),
        (_, false) => GeT<long>(a, b),
        (0, true) => GeT<byte>(a, b),
        (1, true) => GeT<ushort>(a, b),
        (2, true) => GeT<uint>(a, b),
        _ => GeT<ulong>(a, b),
    };

    public static Vector128<byte> Max(Vector128<byte> a, Vector128<byte> b, int size, bool unsigned) => (size, unsigned) switch
    {
        (0, false) => MaxT<sbyte>(a, b),
        (1, false) => MaxT<short>(a, b),
        (_, false) => MaxT<int>(a, b),
        (0, true) => MaxT<byte>(a, b),
        (1, true) => MaxT<ushort>(a, b),
        _ => MaxT<uint>(a, b),
    };

    public static Vector128<byte> Min(Vector128<byte> a, Vector128<byte> b, int size, bool unsigned) => (size, unsigned) switch
    {
        (0, false) => MinT<sbyte>(a, b),
        (1, false) => MinT<short>(a, b),
        (_, false) => MinT<int>(a, b),
        (0, true) => MinT<byte>(a, b),
        (1, true) => MinT<ushort>(a, b),
        _ => MinT<uint>(a, b),
    };

    private static bool IsUnsigned(DecodedInstruction* d) => (d->Flags & SimdFlags.Unsigned) != 0;

    // ---- Handlers (each checks the FP/AdvSIMD access trap first: CheckFPAdvSIMDEnabled64) ----

    public static bool AddVector(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, Add(N(v, d), M(v, d), d->Size));

    public static bool SubVector(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, Sub(N(v, d), M(v, d), d->Size));

    public static bool MulVector(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, Mul(N(v, d), M(v, d), d->Size));

    /// <summary>MLA/MLS: Vd +/-= Vn * Vm.</summary>
    public static bool MulAccumulate(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        Vector128<byte> product = Mul(N(v, d), M(v, d), d->Size);
        Vector128<byte> acc = Read(v, d->Rd);
        return Done(v, d, (d->Flags & SimdFlags.Negate) != 0 ? Sub(acc, product, d->Size) : Add(acc, product, d->Size));
    }

    public static bool CompareEqual(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, Equal(N(v, d), M(v, d), d->Size));

    /// <summary>CMTST: all ones where (Vn AND Vm) != 0.</summary>
    public static bool CompareTest(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Done(v, d, ~Equal(N(v, d) & M(v, d), Vector128<byte>.Zero, d->Size));

    /// <summary>CMGT (signed) / CMHI (unsigned).</summary>
    public static bool CompareGreater(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Done(v, d, Greater(N(v, d), M(v, d), d->Size, IsUnsigned(d)));

    /// <summary>CMGE (signed) / CMHS (unsigned).</summary>
    public static bool CompareGreaterOrEqual(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Done(v, d, GreaterOrEqual(N(v, d), M(v, d), d->Size, IsUnsigned(d)));

    public static bool MaxVector(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, Max(N(v, d), M(v, d), d->Size, IsUnsigned(d)));

    public static bool MinVector(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, Min(N(v, d), M(v, d), d->Size, IsUnsigned(d)));

    /// <summary>SABD/UABD, and SABA/UABA with <see cref="SimdFlags.Accumulate"/>: |Vn - Vm| = max - min.</summary>
    public static bool AbsoluteDifference(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        Vector128<byte> a = N(v, d), b = M(v, d);
        Vector128<byte> diff = Sub(Max(a, b, d->Size, IsUnsigned(d)), Min(a, b, d->Size, IsUnsigned(d)), d->Size);
        return Done(v, d, (d->Flags & SimdFlags.Accumulate) != 0 ? Add(Read(v, d->Rd), diff, d->Size) : diff);
    }

    // ---- Bitwise (size field is the opcode; element size irrelevant) ----

    public static bool And(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, N(v, d) & M(v, d));

    public static bool Bic(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, Vector128.AndNot(N(v, d), M(v, d)));

    public static bool Orr(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, N(v, d) | M(v, d));

    public static bool Orn(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, N(v, d) | ~M(v, d));

    public static bool Eor(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Done(v, d, N(v, d) ^ M(v, d));

    /// <summary>BSL: Vd = (Vd AND Vn) OR (NOT Vd AND Vm).</summary>
    public static bool Bsl(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Done(v, d, Vector128.ConditionalSelect(Read(v, d->Rd), N(v, d), M(v, d)));

    /// <summary>BIT: insert each bit of Vn into Vd where Vm is 1.</summary>
    public static bool Bit(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Done(v, d, Vector128.ConditionalSelect(M(v, d), N(v, d), Read(v, d->Rd)));

    /// <summary>BIF: insert each bit of Vn into Vd where Vm is 0.</summary>
    public static bool Bif(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Done(v, d, Vector128.ConditionalSelect(M(v, d), Read(v, d->Rd), N(v, d)));
}
