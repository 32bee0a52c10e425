using System.Runtime.CompilerServices;
using Armvisor.Arm64;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;

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
        if ((address & 15) != 0 && (Sctlr & (State.CurrentEl == 0 ? 1UL << 4 : 1UL << 3)) != 0)
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
    /// The SIMD&amp;FP access check of every FP/SIMD instruction (DDI0487 pseudocode CheckFPAdvSIMDEnabled64: CPACR_EL1.FPEN
    /// to EL1, CPTR_EL2.TFP to EL2, CPTR_EL3.TFP to EL3). The verdict per EL is cached and recomputed when trap controls change.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool CheckFpAccess(DecodedInstruction* d)
    {
        if (State.CurrentEl == 0 ? _fpAccessEl0 : _fpAccessEl1)
        {
            return true;
        }

        return ResolveAccess(d, Registers.CheckFpAccess(State), default);
    }
}
