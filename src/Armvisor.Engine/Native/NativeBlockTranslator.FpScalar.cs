using System.Runtime.Intrinsics.X86;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Armvisor.Engine.Native;

/// <summary>
/// Scalar single and double floating point with host SSE2 (and FMA3 when the host has it), exact to the Arm result
/// (DDI0487 B/FPRound, FPProcessNaNs, FPProcessException) because every case where Arm and x86 could differ takes the
/// slow path, whose handler redoes the record:
/// <list type="bullet">
/// <item>the block runs with <see cref="NativeContext.FpFast"/> set only when FP is enabled and FPCR.{RMode, FZ, DN, FIZ,
/// AH, NEP} and the trap enables are 0 (round to nearest even, no flushing, NaN propagation: IEEE 754 as x86 does it);</item>
/// <item>MXCSR's flags are clear at entry (<see cref="ClearHostFlags"/>) and read after each operation: any of IE, DE, ZE, OE, UE (an
/// invalid operation, a denormal input, a division by zero, overflow, underflow) takes the slow path; PE alone is the
/// inexact result and sets FPSR.IXC (DDI0487 C5.2.8: the cumulative flags are ORed, never cleared);</item>
/// <item>a NaN result (x86 and Arm choose the propagated NaN differently), and a nonzero result of magnitude below
/// 2^(emin+1), take the slow path. Arm detects tininess before rounding (FPRound); the SSE unit of this host does too
/// (a product rounding up to the smallest normal raised UE here), but the guard does not rely on the host for it.</item>
/// </list>
/// Sign manipulation (FMOV, FABS, FNEG), FMOV immediate / general and FCSEL are bit moves (no FP exception, no NaN
/// processing: DDI0487 FPAbs/FPNeg), after the FP enable check only.
/// </summary>
internal sealed unsafe partial class NativeBlockTranslator
{
    /// <summary>MXCSR bits 0-4: IE, DE, ZE, OE, UE; bit 5 PE.</summary>
    private const int MxcsrNonInexactFlags = 0x1F;

    /// <summary>Whether FMADD and its kin are translated (the host has FMA3; checked once, by CPUID through the runtime).</summary>
    internal static readonly bool HostHasFma = Fma.IsSupported;

    private static readonly nint TwoSourceHandler = (nint)(delegate* managed<InterpreterVcpu, DecodedInstruction*, bool>)&A64.Simd.FpScalar.TwoSource;

    /// <summary>The scalar FP group of a row, or <see cref="NativeForm.None"/> for a form left to its handler.</summary>
    private static NativeForm ClassifyFpScalar(string mnemonic, DecodedInstruction* d)
    {
        bool singleOrDouble = d->Size is 2 or 3;
        return mnemonic switch
        {
            "FADD" or "FSUB" or "FMUL" or "FDIV" or "FNMUL" when singleOrDouble && (nint)d->Handler == TwoSourceHandler => NativeForm.FpArithmetic,
            "FSQRT" when singleOrDouble => NativeForm.FpArithmetic,
            "FMADD" or "FMSUB" or "FNMADD" or "FNMSUB" when singleOrDouble && HostHasFma => NativeForm.FpMulAdd,
            "FCMP" when singleOrDouble => NativeForm.FpCompare,
            "FMOV_reg" or "FABS" or "FNEG" or "FMOV_imm" or "FCSEL" when singleOrDouble => NativeForm.FpMove,
            "FMOV_to_general" or "FMOV_from_general" => NativeForm.FpMoveGeneral,
            "FCVT" when singleOrDouble && d->Option is 2 or 3 => NativeForm.FpConvert,
            // Integer <-> FP without fraction bits; 64-bit unsigned has no single x86 conversion.
            "SCVTF" or "UCVTF" or "FCVTZS" or "FCVTZU" when singleOrDouble && d->Shift == 0
                && !(d->Imm2 == 64 && (d->Flags & A64.Simd.SimdFlags.Unsigned) != 0) => NativeForm.FpConvert,
            _ => NativeForm.None,
        };
    }

    private static int VOffset(int n) => n * 16;

    private static bool IsDouble(DecodedInstruction* d) => d->Size == 3;

    /// <summary>r9 = V, after the guard: FpFast (arithmetic) or FpEnabled (bit moves) else the slow path.</summary>
    private Label FpPrologue(int index, bool arithmetic)
    {
        Label slow = SlowPath(index);
        _a.cmp(__dword_ptr[rdi + (arithmetic ? NativeContext.FpFastOffset : NativeContext.FpEnabledOffset)], 0);
        _a.je(slow);
        _a.mov(r9, __qword_ptr[rdi + NativeContext.VOffset]);
        return slow;
    }

    private void LoadFp(AssemblerRegisterXMM x, int n, bool isDouble)
    {
        if (isDouble)
        {
            _a.movsd(x, __qword_ptr[r9 + VOffset(n)]);
        }
        else
        {
            _a.movss(x, __dword_ptr[r9 + VOffset(n)]);
        }
    }

    /// <summary>
    /// MXCSR = the context's clean value (all exceptions masked, round to nearest, no DAZ/FTZ, no flags), at every entry
    /// from the run loop (<see cref="EmitFrame"/>), not per operation. Between entries (chained blocks included) the flags
    /// only accumulate, which keeps two invariants each operation relies on: IE, DE, ZE, OE and UE are clear before it
    /// (an operation that raises one takes the slow path, back to the run loop, whose next entry clears it; an FCMP's
    /// UCOMIS may set one, which at worst sends a later operation to its slow path), and PE set means IXC was already
    /// ORed into the context's FPSR (which only translated code changes between entries), so ORing it again is exact.
    /// </summary>
    private void ClearHostFlags() => _a.ldmxcsr(__dword_ptr[rdi + NativeContext.MxcsrCleanOffset]);

    /// <summary>rax = xmm0's element (single zero-extended); the slow path for a NaN or tiny nonzero result when <paramref name="checkResult"/>.</summary>
    private void TakeResult(bool isDouble, bool checkResult, Label slow)
    {
        if (isDouble)
        {
            _a.movq(rax, xmm0);
        }
        else
        {
            _a.movd(eax, xmm0);
        }

        if (!checkResult)
        {
            return;
        }

        // Magnitude without the sign: zero passes; else it must be in [2^(emin+1), infinity] (biased exponent >= 2,
        // infinity allowed: an overflow raised OE, an infinite operand gives an exact infinity on both).
        Label ok = _a.CreateLabel();
        if (isDouble)
        {
            _a.lea(rcx, __[rax + rax]);
            _a.test(rcx, rcx);
            _a.jz(ok);
            _a.mov(rdx, 1UL << 54);
            _a.sub(rcx, rdx);
            _a.mov(rdx, 0xFFE0_0000_0000_0000UL - (1UL << 54));
            _a.cmp(rcx, rdx);
            _a.ja(slow);
        }
        else
        {
            _a.lea(ecx, __[rax + rax]);
            _a.test(ecx, ecx);
            _a.jz(ok);
            _a.sub(ecx, 1 << 25);
            _a.cmp(ecx, unchecked((int)(0xFF00_0000u - (1u << 25))));
            _a.ja(slow);
        }

        _a.Label(ref ok);
    }

    /// <summary>After the operation: any MXCSR flag but PE takes the slow path; PE sets FPSR.IXC (bit 4). Clobbers ecx.</summary>
    private void AccumulateHostFlags(Label slow)
    {
        _a.stmxcsr(__dword_ptr[rdi + NativeContext.MxcsrOffset]);
        _a.mov(ecx, __dword_ptr[rdi + NativeContext.MxcsrOffset]);
        _a.test(ecx, MxcsrNonInexactFlags);
        _a.jnz(slow);
        _a.and(ecx, 0x20);
        _a.shr(ecx, 1);
        _a.or(__dword_ptr[rdi + NativeContext.FpsrOffset], ecx);
    }

    /// <summary>Vd = rax as a scalar: the upper bits of the 128-bit register are cleared (DDI0487 C1.2.5).</summary>
    private void StoreScalar(int n)
    {
        _a.mov(__qword_ptr[r9 + VOffset(n)], rax);
        _a.mov(__qword_ptr[r9 + VOffset(n) + 8], 0);
    }

    /// <summary>FADD, FSUB, FMUL, FDIV, FNMUL (FPNeg of the product, after the checks) and FSQRT.</summary>
    private void EmitFpArithmetic(DecodedInstruction* d, int index, string mnemonic)
    {
        bool dbl = IsDouble(d);
        Label slow = FpPrologue(index, arithmetic: true);
        LoadFp(xmm0, d->Rn, dbl);
        if (mnemonic != "FSQRT")
        {
            LoadFp(xmm1, d->Rm, dbl);
        }
        switch (mnemonic, dbl)
        {
            case ("FADD", true): _a.addsd(xmm0, xmm1); break;
            case ("FADD", false): _a.addss(xmm0, xmm1); break;
            case ("FSUB", true): _a.subsd(xmm0, xmm1); break;
            case ("FSUB", false): _a.subss(xmm0, xmm1); break;
            case ("FDIV", true): _a.divsd(xmm0, xmm1); break;
            case ("FDIV", false): _a.divss(xmm0, xmm1); break;
            case ("FSQRT", true): _a.sqrtsd(xmm0, xmm0); break;
            case ("FSQRT", false): _a.sqrtss(xmm0, xmm0); break;
            case (_, true): _a.mulsd(xmm0, xmm1); break; // FMUL, FNMUL
            default: _a.mulss(xmm0, xmm1); break;
        }

        TakeResult(dbl, checkResult: true, slow);
        AccumulateHostFlags(slow);
        if (mnemonic == "FNMUL")
        {
            FlipSign(dbl);
        }

        StoreScalar(d->Rd);
    }

    private void FlipSign(bool isDouble)
    {
        if (isDouble)
        {
            _a.btc(rax, 63);
        }
        else
        {
            _a.xor(eax, unchecked((int)0x8000_0000u));
        }
    }

    /// <summary>
    /// FMADD Ra + Rn*Rm, FMSUB Ra - Rn*Rm, FNMADD -Ra - Rn*Rm, FNMSUB -Ra + Rn*Rm (DDI0487 C7.2.x; o1:o0 in Option), one
    /// rounding each: FMA3's vfmadd/vfnmadd/vfnmsub/vfmsub213 (xmm0 = ±(xmm0*xmm1) ± xmm2). Negating an operand is exact,
    /// so the fused results (and the zero signs of IEEE 754's fusedMultiplyAdd) are those of Arm's FPMulAdd.
    /// </summary>
    private void EmitFpMulAdd(DecodedInstruction* d, int index)
    {
        bool dbl = IsDouble(d);
        Label slow = FpPrologue(index, arithmetic: true);
        LoadFp(xmm0, d->Rn, dbl);
        LoadFp(xmm1, d->Rm, dbl);
        LoadFp(xmm2, d->Ra, dbl);
        switch (d->Option, dbl)
        {
            case (0, true): _a.vfmadd213sd(xmm0, xmm1, xmm2); break;
            case (0, false): _a.vfmadd213ss(xmm0, xmm1, xmm2); break;
            case (1, true): _a.vfnmadd213sd(xmm0, xmm1, xmm2); break;
            case (1, false): _a.vfnmadd213ss(xmm0, xmm1, xmm2); break;
            case (2, true): _a.vfnmsub213sd(xmm0, xmm1, xmm2); break;
            case (2, false): _a.vfnmsub213ss(xmm0, xmm1, xmm2); break;
            case (_, true): _a.vfmsub213sd(xmm0, xmm1, xmm2); break;
            default: _a.vfmsub213ss(xmm0, xmm1, xmm2); break;
        }

        TakeResult(dbl, checkResult: true, slow);
        AccumulateHostFlags(slow);
        StoreScalar(d->Rd);
    }

    /// <summary>
    /// FCMP/FCMPE (register or #0.0; DDI0487 FPCompare): UCOMIS; unordered (a NaN operand: IOC rules differ between the
    /// two) takes the slow path; else equal 0110, less 1000, greater 0010. Ordered comparisons raise nothing on Arm.
    /// </summary>
    private void EmitFpCompare(DecodedInstruction* d, int index)
    {
        bool dbl = IsDouble(d);
        Label slow = FpPrologue(index, arithmetic: true);
        LoadFp(xmm0, d->Rn, dbl);
        if ((d->Option & 1) != 0)
        {
            _a.xorps(xmm1, xmm1);
        }
        else
        {
            LoadFp(xmm1, d->Rm, dbl);
        }

        if (dbl)
        {
            _a.ucomisd(xmm0, xmm1);
        }
        else
        {
            _a.ucomiss(xmm0, xmm1);
        }

        _a.jp(slow);
        _a.setb(r8b);
        _a.sete(r9b);
        _a.setae(r10b);
        _a.movzx(r8d, r8b);
        _a.shl(r8d, 31);
        _a.movzx(r9d, r9b);
        _a.shl(r9d, 30);
        _a.or(r8d, r9d);
        _a.movzx(r10d, r10b);
        _a.shl(r10d, 29);
        _a.or(r8d, r10d);
        _a.mov(__dword_ptr[rdi + NativeContext.NzcvOffset], r8d);
    }

    /// <summary>FMOV (register, immediate), FABS, FNEG, FCSEL: bit moves of the element.</summary>
    private void EmitFpMove(DecodedInstruction* d, int index, string mnemonic)
    {
        bool dbl = IsDouble(d);
        if (mnemonic == "FCSEL")
        {
            FpPrologue(index, arithmetic: false);
            X86Condition holds = TestCondition(d->Option);
            LoadElement(rdx, d->Rn, dbl);
            LoadElement(rax, d->Rm, dbl);
            MoveIf(holds, rax, rdx);
            StoreScalar(d->Rd);
            return;
        }

        FpPrologue(index, arithmetic: false);
        if (mnemonic == "FMOV_imm")
        {
            _a.mov(rax, d->Imm);
        }
        else
        {
            LoadElement(rax, d->Rn, dbl);
        }

        if (mnemonic == "FNEG")
        {
            FlipSign(dbl);
        }
        else if (mnemonic == "FABS")
        {
            if (dbl)
            {
                _a.btr(rax, 63);
            }
            else
            {
                _a.and(eax, 0x7FFF_FFFF);
            }
        }

        StoreScalar(d->Rd);
    }

    /// <summary>reg = the element of Vn (single zero-extended); no flags change.</summary>
    private void LoadElement(AssemblerRegister64 reg, int n, bool isDouble)
    {
        if (isDouble)
        {
            _a.mov(reg, __qword_ptr[r9 + VOffset(n)]);
        }
        else
        {
            _a.mov(Low32(reg), __dword_ptr[r9 + VOffset(n)]);
        }
    }

    /// <summary>FMOV Wd/Xd from Sn/Dn/Vn.D[1] and back (Option 1: the top half, the lower half kept).</summary>
    private void EmitFpMoveGeneral(DecodedInstruction* d, int index, string mnemonic)
    {
        bool sf = (d->Raw >> 31) != 0;
        FpPrologue(index, arithmetic: false);
        int top = d->Option != 0 ? 8 : 0;
        if (mnemonic == "FMOV_to_general")
        {
            if (sf)
            {
                _a.mov(rax, __qword_ptr[r9 + VOffset(d->Rn) + top]);
            }
            else
            {
                _a.mov(eax, __dword_ptr[r9 + VOffset(d->Rn)]);
            }

            StoreX(d->Rd, rax);
            return;
        }

        LoadX(rax, d->Rn);
        if (!sf)
        {
            _a.mov(eax, eax);
        }

        if (top != 0)
        {
            _a.mov(__qword_ptr[r9 + VOffset(d->Rd) + 8], rax);
        }
        else
        {
            StoreScalar(d->Rd);
        }
    }

    /// <summary>
    /// FCVT single &lt;-&gt; double; SCVTF, UCVTF (32-bit source) and FCVTZS, FCVTZU (32-bit destination unsigned) without
    /// fraction bits. Truncation raises IE on x86 for NaN and out-of-range inputs (Arm saturates with IOC): slow path;
    /// FCVTZU to W converts to 64 bits and takes the slow path unless the result fits 32 unsigned bits.
    /// </summary>
    private void EmitFpConvert(DecodedInstruction* d, int index, string mnemonic)
    {
        bool dbl = IsDouble(d);
        bool unsigned = (d->Flags & A64.Simd.SimdFlags.Unsigned) != 0;
        bool wide = d->Imm2 == 64;
        Label slow = FpPrologue(index, arithmetic: true);
        switch (mnemonic)
        {
            case "FCVT":
                LoadFp(xmm0, d->Rn, dbl);
                if (dbl)
                {
                    _a.cvtsd2ss(xmm0, xmm0);
                }
                else
                {
                    _a.cvtss2sd(xmm0, xmm0);
                }

                TakeResult(!dbl, checkResult: true, slow);
                AccumulateHostFlags(slow);
                StoreScalar(d->Rd);
                return;

            case "SCVTF" or "UCVTF":
                LoadX(rax, d->Rn);
                if (!wide && unsigned)
                {
                    _a.mov(eax, eax); // zero-extended: a 64-bit signed conversion of it rounds once
                }

                _a.xorps(xmm0, xmm0);
                switch (dbl, wide || unsigned)
                {
                    case (true, true): _a.cvtsi2sd(xmm0, rax); break;
                    case (true, false): _a.cvtsi2sd(xmm0, eax); break;
                    case (false, true): _a.cvtsi2ss(xmm0, rax); break;
                    default: _a.cvtsi2ss(xmm0, eax); break;
                }

                TakeResult(dbl, checkResult: false, slow);
                AccumulateHostFlags(slow);
                StoreScalar(d->Rd);
                return;

            default: // FCVTZS, FCVTZU
                LoadFp(xmm0, d->Rn, dbl);
                bool to64 = wide || unsigned;
                switch (dbl, to64)
                {
                    case (true, true): _a.cvttsd2si(rax, xmm0); break;
                    case (true, false): _a.cvttsd2si(eax, xmm0); break;
                    case (false, true): _a.cvttss2si(rax, xmm0); break;
                    default: _a.cvttss2si(eax, xmm0); break;
                }

                if (unsigned)
                {
                    // Before the flags: an out-of-range input saturates with IOC alone on Arm (no IXC).
                    _a.mov(rcx, rax);
                    _a.shr(rcx, 32);
                    _a.jnz(slow);
                }

                AccumulateHostFlags(slow);

                StoreX(d->Rd, rax);
                return;
        }
    }
}
