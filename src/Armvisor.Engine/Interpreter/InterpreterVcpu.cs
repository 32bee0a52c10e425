using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Armvisor.Arm64;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;
using Armvisor.Engine.Native;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// One interpreted vCPU (HVF's <c>hv_vcpu_t</c>): the architectural state, the software TLB, the decoded-block cache
/// and the run loop. Partial by aspect: Run (loop and dispatch), Memory (TLB and translation), Exceptions (entry and
/// exits), SystemLevel (System registers, timers), Wait (WFI/WFE and events).
/// </summary>
[SkipLocalsInit]
public sealed unsafe partial class InterpreterVcpu : IVcpuEngine
{
    private readonly InterpreterPartition _partition;
    private GCHandle _xHandle;
    private GCHandle _vHandle;
    private bool _disposed;

    internal InterpreterVcpu(InterpreterPartition partition, int index, ulong mpidr)
    {
        _partition = partition;
        Index = index;
        Mpidr = mpidr;
        State = new CpuState();
        _xHandle = GCHandle.Alloc(State.X, GCHandleType.Pinned);
        _vHandle = GCHandle.Alloc(State.V, GCHandleType.Pinned);
        // SAFETY: both arrays stay pinned by the handles until Dispose.
        X = (ulong*)_xHandle.AddrOfPinnedObject();
        V = (ulong*)_vHandle.AddrOfPinnedObject();
        Tlb = new SoftTlb();
        _native = partition.Tier == EngineTier.Native ? NativeTier.TryCreate(X, V, this) : null;
        InitialiseSystemLevel();
    }

    public int Index { get; }

    /// <summary>MPIDR_EL1 affinity value given at creation.</summary>
    public ulong Mpidr { get; }

    /// <summary>The architectural state the handlers work on.</summary>
    internal CpuState State { get; }

    /// <summary>X0..X30 and the XZR slot 31, pinned: handlers index it without bounds checks.</summary>
    internal readonly ulong* X;

    /// <summary>V0..V31 as 64 doublewords, pinned.</summary>
    internal readonly ulong* V;

    internal SoftTlb Tlb { get; }

    internal InterpreterPartition Partition => _partition;

    /// <summary>Retired instructions (the block interpreter adds to it).</summary>
    internal ulong Retired;

    public ulong InstructionsRetired => Volatile.Read(ref Retired);

    /// <summary>Xn, or SP when <paramref name="n"/> is 31 (the "Xn|SP" operand form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong ReadXOrSp(int n) => n == 31 ? State.Sp : X[n];

    /// <summary>Writes Xd, or SP when <paramref name="d"/> is 31.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WriteXOrSp(int d, ulong value)
    {
        if (d == 31)
        {
            State.Sp = value;
        }
        else
        {
            X[d] = value;
        }
    }

    /// <summary>Writes Xd; writes to XZR (31) are discarded by re-zeroing the slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WriteX(int d, ulong value)
    {
        X[d] = value;
        X[31] = 0;
    }

    public ulong GetRegister(Arm64Register register) => register switch
    {
        >= Arm64Register.X0 and <= Arm64Register.X30 => X[(int)register],
        Arm64Register.Pc => State.Pc,
        Arm64Register.Cpsr => State.AArch32 ? Cpsr : State.Pstate,
        Arm64Register.Fpcr => State.Fpcr,
        Arm64Register.Fpsr => State.Fpsr,
        Arm64Register.Sp => State.Sp,
        _ => throw new EngineException($"unknown register {register}"),
    };

    public void SetRegister(Arm64Register register, ulong value)
    {
        switch (register)
        {
            case >= Arm64Register.X0 and <= Arm64Register.X30:
                X[(int)register] = value;
                break;
            case Arm64Register.Pc:
                State.Pc = value;
                break;
            case Arm64Register.Cpsr when (value & 0x10) != 0:
                SetAArch32Pstate(value); // M[4] = 1: AArch32 state (DDI0487 D1.4, SPSR.M[4] is nRW)
                break;
            case Arm64Register.Cpsr:
                if (((value >> 2) & 3) > 1)
                {
                    throw new EngineException($"PSTATE 0x{value:X} is not AArch64 EL0/EL1, which the engine executes");
                }

                State.AArch32 = false;
                State.Pstate = value;
                UpdateRegime();
                break;
            case Arm64Register.Fpcr:
                State.Fpcr = (uint)value;
                break;
            case Arm64Register.Fpsr:
                State.Fpsr = (uint)value;
                break;
            case Arm64Register.Sp:
                State.Sp = value;
                break;
            default:
                throw new EngineException($"unknown register {register}");
        }
    }

    public UInt128 GetVectorRegister(int index)
    {
        CheckVectorIndex(index);
        return new UInt128(V[(2 * index) + 1], V[2 * index]);
    }

    public void SetVectorRegister(int index, UInt128 value)
    {
        CheckVectorIndex(index);
        V[2 * index] = (ulong)value;
        V[(2 * index) + 1] = (ulong)(value >> 64);
    }

    private static void CheckVectorIndex(int index)
    {
        if ((uint)index > 31)
        {
            throw new EngineException($"V{index} does not exist");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _partition.RemoveVcpu(this);
        Tlb.Dispose();
        _native?.PrintStats(Retired);
        _native?.Dispose();
        _wake.Dispose();
        _xHandle.Free();
        _vHandle.Free();
    }
}
