using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;
using static Armvisor.Engine.AArch32.Semantics.NeonOperands;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as NeonThreeSame.
/// <summary>
/// Advanced SIMD three-register single-precision operations (DDI0487 F5.1; opc = 11xx): VFMA/VFMS, VADD/VSUB, VPADD,
/// VABD, VMLA/VMLS (FPAdd of FPMul), VMUL, VCEQ/VCGE/VCGT, VACGE/VACGT, VMAX/VMIN, VPMAX/VPMIN, VRECPS/VRSQRTS,
/// all with StandardFPSCRValue (flush to zero, default NaN, round to nearest) and the cumulative flags into FPSCR.
/// VRECPS is 2 - a*b and VRSQRTS (3 - a*b) / 2 with a rounded product (ARMv7 FPRecipStep/FPRSqrtStep, as QEMU's
/// cortex-a15), 2.0 / 1.5 for infinity times zero. sz = 1 (half precision, Armv8.2) and VMAXNM/VMINNM (Armv8) are
/// UNDEFINED.
/// </summary>
internal static unsafe class NeonThreeSameFloat
{
    private const ulong Two = 0x4000_0000, Three = 0x4040_0000, OnePointFive = 0x3FC0_0000;

    /// <summary>Option = opc:o1 (24-31), Shift = size&lt;1&gt; (bit 21).</summary>
    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        if (!ThreeRegisters(raw, d) || (raw & (1u << 20)) != 0)
        {
            return false;
        }

        d->Option = (byte)(((raw >> 7) & 0x1E) | ((raw >> 4) & 1));
        d->Shift = (byte)((raw >> 21) & 1);
        d->Size = 2;
        bool u = (d->Flags & Unsigned) != 0, q = IsQuad(d), s1 = d->Shift != 0;
        return d->Option switch
        {
            25 => !u, // VFMA/VFMS
            26 => !(u && !s1 && q), // VADD/VSUB, VPADD (D only), VABD
            27 => !u || !s1, // VMLA/VMLS, VMUL
            28 => u || !s1, // VCEQ, VCGE, VCGT
            29 => u, // VACGE/VACGT
            30 => !(u && q), // VMAX/VMIN, VPMAX/VPMIN (D only)
            31 => !u, // VRECPS/VRSQRTS
            _ => false,
        };
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        int bytes = Bytes(d), elements = bytes / 4;
        bool u = (d->Flags & Unsigned) != 0, s1 = d->Shift != 0;
        byte* n = Pointer(v, d->Rn), m = Pointer(v, d->Rm), dd = Pointer(v, d->Rd);
        byte* result = stackalloc byte[16];
        FloatFormat f = FloatFormat.Single;
        uint fpcr = StandardFpcr(v), fpsr = 0;
        bool pairwise = u && (d->Option == 26 && !s1 || d->Option == 30);
        for (int e = 0; e < elements; e++)
        {
            ulong a, b;
            if (pairwise)
            {
                byte* source = e == 0 ? n : m;
                a = Get(source, 0, 2);
                b = Get(source, 1, 2);
            }
            else
            {
                a = Get(n, e, 2);
                b = Get(m, e, 2);
            }

            ulong acc = Get(dd, e, 2);
            ulong r = (d->Option, u) switch
            {
                (25, _) => ArmFloat.MulAdd(acc, s1 ? ArmFloat.Neg(a, f) : a, b, f, fpcr, ref fpsr),
                (26, false) => ArmFloat.Add(a, b, f, fpcr, ref fpsr, subtract: s1),
                (26, true) => s1 ? ArmFloat.Abs(ArmFloat.Add(a, b, f, fpcr, ref fpsr, subtract: true), f) : ArmFloat.Add(a, b, f, fpcr, ref fpsr),
                (27, false) => MultiplyAccumulate(acc, a, b, s1, fpcr, ref fpsr),
                (27, true) => ArmFloat.Mul(a, b, f, fpcr, ref fpsr),
                (28, false) => Mask(ArmFloat.CompareCondition(a, b, f, ArmFloat.CompareEqual, fpcr, ref fpsr)),
                (28, true) => Mask(ArmFloat.CompareCondition(a, b, f, s1 ? ArmFloat.CompareGreater : ArmFloat.CompareGreaterOrEqual, fpcr, ref fpsr)),
                (29, _) => Mask(ArmFloat.CompareCondition(ArmFloat.Abs(a, f), ArmFloat.Abs(b, f), f, s1 ? ArmFloat.CompareGreater : ArmFloat.CompareGreaterOrEqual, fpcr, ref fpsr)),
                (30, _) => ArmFloat.MaxMin(a, b, f, fpcr, ref fpsr, max: !s1),
                _ => Step(a, b, sqrt: s1, fpcr, ref fpsr),
            };
            Set(result, e, 2, r);
        }

        Store(v, d->Rd, result, bytes);
        v.State.Fpsr |= fpsr;
        return true;
    }

    private static ulong Mask(bool condition) => condition ? 0xFFFF_FFFFUL : 0;

    /// <summary>VMLA/VMLS: FPAdd(Dd, +/-FPMul(Dn, Dm)).</summary>
    private static ulong MultiplyAccumulate(ulong acc, ulong a, ulong b, bool subtract, uint fpcr, ref uint fpsr)
    {
        FloatFormat f = FloatFormat.Single;
        ulong product = ArmFloat.Mul(a, b, f, fpcr, ref fpsr);
        return ArmFloat.Add(acc, subtract ? ArmFloat.Neg(product, f) : product, f, fpcr, ref fpsr);
    }

    /// <summary>VRECPS: 2 - a*b; VRSQRTS: (3 - a*b) / 2; infinity times (flushed) zero gives 2.0 / 1.5.</summary>
    private static ulong Step(ulong a, ulong b, bool sqrt, uint fpcr, ref uint fpsr)
    {
        FloatFormat f = FloatFormat.Single;
        FpValue va = ArmFloat.Unpack(a, f, fpcr, ref fpsr), vb = ArmFloat.Unpack(b, f, fpcr, ref fpsr);
        if ((va.Type == FpType.Infinity && vb.Type == FpType.Zero) || (va.Type == FpType.Zero && vb.Type == FpType.Infinity))
        {
            return sqrt ? OnePointFive : Two;
        }

        ulong product = ArmFloat.Mul(a, b, f, fpcr, ref fpsr);
        if (!sqrt)
        {
            return ArmFloat.Add(Two, product, f, fpcr, ref fpsr, subtract: true);
        }

        return ArmFloat.Div(ArmFloat.Add(Three, product, f, fpcr, ref fpsr, subtract: true), Two, f, fpcr, ref fpsr);
    }
}
