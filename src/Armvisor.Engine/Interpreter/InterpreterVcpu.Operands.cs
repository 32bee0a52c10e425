using System.Runtime.CompilerServices;
using Armvisor.Arm64;
using Armvisor.Engine.Interpreter.Execution;
using Armvisor.Engine.Interpreter.Memory;

namespace Armvisor.Engine.Interpreter;

/// <summary>Operand helpers shared by the load/store handlers: the base register with its SP alignment check, FP access checks.</summary>
public sealed unsafe partial class InterpreterVcpu
{
    /// <summary>
    /// The base register Xn|SP of a load/store. With SP as base and SCTLR_EL1.SA (EL1) or SA0 (EL0) set, a
    /// misaligned SP takes an SP Alignment fault, EC 0x26 (DDI0487 D1.8.2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryReadBase(DecodedInstruction* d, out ulong address)
    {
        if (d->Rn != 31)
        {
            address = X[d->Rn];
            return true;
        }

        address = State.Sp;
        if ((address & 15) != 0 && (_sctlr & (State.CurrentEl == 0 ? 1UL << 4 : 1UL << 3)) != 0)
        {
            RaiseSynchronous(d, ExceptionSyndrome.Create(ExceptionClass.SpAlignment, 0), 0, d->Pc);
            return false;
        }

        return true;
    }

    /// <summary>LDTR/STTR at EL1 use the EL0 permission view until <see cref="UpdateRegime"/>.</summary>
    internal void BeginUnprivilegedAccess()
    {
        _dataRegime = TlbRegime.El0;
        _dataTlb = Tlb.Table(TlbRegime.El0);
    }

    /// <summary>
    /// The SIMD&amp;FP access check (DDI0487 D1.10, CPACR_EL1.FPEN): trapped to EL1 with EC 0x07 (ISS CV=1, COND=0b1110
    /// for AArch64) when FPEN is 0b00/0b10, or 0b01 at EL0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool CheckFpAccess(DecodedInstruction* d)
    {
        ulong fpen = (_cpacr >> 20) & 3;
        if (fpen == 3 || (fpen == 1 && State.CurrentEl == 1))
        {
            return true;
        }

        RaiseSynchronous(d, ExceptionSyndrome.Create(ExceptionClass.SimdFpAccess, 0x1E0_0000), 0, d->Pc);
        return false;
    }
}
