using System.Runtime.CompilerServices;
using Armvisor.Arm64;
using Armvisor.Engine.AArch32.Semantics;
using Armvisor.Engine.Execution;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The AArch32 view of the SIMD and floating-point state (DDI0487 E1.3.1, "The AArch32 view of the SIMD and
/// floating-point registers"): Q&lt;n&gt; is V&lt;n&gt; (n &lt; 16), D&lt;2n&gt;/D&lt;2n+1&gt; are the low/high halves of
/// V&lt;n&gt;, S&lt;2n&gt;/S&lt;2n+1&gt; the low/high words of D&lt;n&gt;; on a little-endian host the file is therefore
/// 32 consecutive doublewords (D&lt;n&gt; = V[n]) and 64 consecutive words (S&lt;n&gt;). FPSCR is FPSR[31:27, 7, 4:0]
/// and FPCR[26:15, 13:8] (G8.2.53), FPEXC is FPEXC32_EL2.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    /// <summary>FPSCR bits kept in FPSR: N, Z, C, V, QC, IDC, IXC, UFC, OFC, DZC, IOC.</summary>
    private const uint FpscrStatusBits = 0xF800_009F;

    /// <summary>
    /// FPSCR bits kept in FPCR on a Cortex-A15 (no FP exception trapping, no FP16 arithmetic): AHP, DN, FZ, RMode,
    /// Stride, Len. The trap enables IDE/IXE/UFE/OFE/DZE/IOE are RAZ/WI and FZ16 is RES0 (G8.2.53).
    /// </summary>
    private const uint FpscrControlBits = 0x07F7_0000;

    /// <summary>FPSCR.Len and FPSCR.Stride (bits [18:16], [21:20]).</summary>
    internal const uint FpscrVectorBits = 0x0037_0000;

    private const uint FpexcEn = 1u << 30;

    /// <summary>The FPSCR (DDI0487 G8.2.53) as FPSR and FPCR hold it.</summary>
    internal uint Fpscr
    {
        get => (State.Fpsr & FpscrStatusBits) | (State.Fpcr & FpscrControlBits);
        set
        {
            State.Fpsr = (State.Fpsr & ~FpscrStatusBits) | (value & FpscrStatusBits);
            State.Fpcr = (State.Fpcr & ~FpscrControlBits) | (value & FpscrControlBits);
        }
    }

    /// <summary>FPEXC (FPEXC32_EL2).</summary>
    internal uint Fpexc
    {
        get => (uint)Registers.ReadStoredByEncoding(SystemRegisterTable.Fpexc32El2.Key);
        set => Registers.WriteStoredByEncoding(SystemRegisterTable.Fpexc32El2.Key, (Fpexc & ~0xC000_0000u) | (value & 0xC000_0000u));
    }

    /// <summary>S&lt;n&gt;, n &lt; 32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint ReadS(int n) => ((uint*)V)[n];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WriteS(int n, uint value) => ((uint*)V)[n] = value;

    /// <summary>D&lt;n&gt;, n &lt; 32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong ReadD(int n) => V[n];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WriteD(int n, ulong value) => V[n] = value;

    /// <summary>An S (size 2) or D (size 3) register as a 32- or 64-bit FP operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong ReadFp(int n, int size) => size == 3 ? V[n] : ((uint*)V)[n];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WriteFp(int n, int size, ulong value)
    {
        if (size == 3)
        {
            V[n] = value;
        }
        else
        {
            ((uint*)V)[n] = (uint)value;
        }
    }

    /// <summary>
    /// AArch32.CheckAdvSIMDOrFPEnabled (DDI0487 G1.19.x, with EL2 in AArch64): CPACR.cp10 (CPACR_EL1.FPEN: 00 no access,
    /// 01 PL1 only) makes the instruction UNDEFINED (CPACR.ASEDIS is RAZ/WI here: the CPACR_EL1 row keeps FPEN only,
    /// so Advanced SIMD is enabled with the FP unit); so is FPEXC.EN = 0 when
    /// <paramref name="checkFpexc"/> (every instruction but VMRS/VMSR of FPSID, FPEXC, MVFR at PL1); then CPTR_EL2.TFP
    /// (HCPTR.TCP10/11) traps to EL2 with EC 0x07 and the instruction's condition (ISS CV = 1, COND). True when enabled.
    /// </summary>
    internal bool CheckVfpAccess(DecodedInstruction* d, bool checkFpexc = true)
    {
        bool fast = State.CurrentEl == 0 ? _fpAccessEl0 : _fpAccessEl1;
        if (fast && (!checkFpexc || (Fpexc & FpexcEn) != 0))
        {
            return true;
        }

        SysRegAccess access = Registers.CheckFpAccess(State);
        if (access == SysRegAccess.FpTrapToEl1 || (checkFpexc && (Fpexc & FpexcEn) == 0))
        {
            RaiseUndefined(d);
            return false;
        }

        if (access == SysRegAccess.Ok)
        {
            return true;
        }

        ExceptionSyndrome trap = ExceptionSyndrome.Create(ExceptionClass.SimdFpAccess, A32Exceptions.ConditionIss(d->Raw));
        ExitToAgent(access == SysRegAccess.FpTrapToEl3 ? 3 : 2, trap, d->Pc);
        return false;
    }

    /// <summary>
    /// The VFP data-processing instructions with FPSCR.Len or FPSCR.Stride non-zero: short vectors are not implemented
    /// (MVFR0.FPShVec = 0), so they are UNDEFINED, the choice Armv8 allows (G8.2.53, CONSTRAINED UNPREDICTABLE) and
    /// the one QEMU's cortex-a15 makes. True when the instruction may execute.
    /// </summary>
    internal bool CheckVfpScalar(DecodedInstruction* d)
    {
        if (!CheckVfpAccess(d))
        {
            return false;
        }

        if ((State.Fpcr & FpscrVectorBits) != 0)
        {
            RaiseUndefined(d);
            return false;
        }

        return true;
    }
}
