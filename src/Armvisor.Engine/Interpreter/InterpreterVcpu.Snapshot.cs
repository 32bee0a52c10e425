using Armvisor.Engine.Tlb;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The vCPU's part of a snapshot (<see cref="IVcpuEngineState"/>): X0-X30, SP_EL0/SP_EL1, PC, PSTATE, V0-V31,
/// FPCR/FPSR, the event register, every stored System register and the timers, the agent's timer masks and the local
/// exclusive monitor (DDI0487 B2.9: an LDXR before the save pairs with an STXR after the restore). The TLB, decoded
/// blocks and jump cache are caches and are dropped on restore.
/// </summary>
public sealed unsafe partial class InterpreterVcpu : IVcpuEngineState
{
    private const uint StateTag = 0x5550_4356; // "VCPU"
    private const int StateVersion = 1;

    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ObjectDisposedException.ThrowIf(_disposed, this);
        writer.Write(StateTag);
        writer.Write(StateVersion);
        writer.Write(Mpidr);
        CpuState s = State;
        for (int i = 0; i < 31; i++)
        {
            writer.Write(X[i]);
        }

        for (int i = 0; i < 64; i++)
        {
            writer.Write(V[i]);
        }

        writer.Write(s.Pc);
        writer.Write(s.SpEl0);
        writer.Write(s.SpEl1);
        writer.Write(s.Pstate);
        writer.Write(s.Fpcr);
        writer.Write(s.Fpsr);
        writer.Write(s.EventRegister || _eventPending);
        _system.Registers.SaveState(writer);
        writer.Write(_timerMask[0]);
        writer.Write(_timerMask[1]);
        writer.Write(_exclusiveArmed);
        writer.Write(_exclusiveAddress);
        writer.Write(_exclusiveSize);
        writer.Write(_exclusiveValue);
        writer.Write(_exclusiveValueHigh);
        writer.Write(_clearMonitorOnAgentReturn);
        writer.Write(Retired);
        writer.Write(_counterAdvanced);
        writer.Write(_timerCountdown);
        writer.Write(_lastExitCanceled);
    }

    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (reader.ReadUInt32() != StateTag || reader.ReadInt32() != StateVersion)
        {
            throw new EngineException($"vCPU {Index}: the saved state is not a version-{StateVersion} interpreter vCPU state");
        }

        ulong mpidr = reader.ReadUInt64();
        if (mpidr != Mpidr)
        {
            throw new EngineException($"vCPU {Index}: the saved state belongs to MPIDR 0x{mpidr:X}, not 0x{Mpidr:X}");
        }

        CpuState s = State;
        for (int i = 0; i < 31; i++)
        {
            X[i] = reader.ReadUInt64();
        }

        X[31] = 0;
        for (int i = 0; i < 64; i++)
        {
            V[i] = reader.ReadUInt64();
        }

        s.Pc = reader.ReadUInt64();
        s.SpEl0 = reader.ReadUInt64();
        s.SpEl1 = reader.ReadUInt64();
        s.Pstate = reader.ReadUInt64();
        s.Fpcr = reader.ReadUInt32();
        s.Fpsr = reader.ReadUInt32();
        s.EventRegister = reader.ReadBoolean();
        _eventPending = false;
        _system.Registers.RestoreState(reader);
        _timerMask[0] = reader.ReadBoolean();
        _timerMask[1] = reader.ReadBoolean();
        bool armed = reader.ReadBoolean();
        ulong address = reader.ReadUInt64();
        int size = reader.ReadInt32();
        ulong value = reader.ReadUInt64();
        ulong high = reader.ReadUInt64();
        _exclusiveArmed = false;
        if (armed && _partition.FindMapping(address) is { } mapping && address - mapping.Start + (ulong)Math.Max(size, 1) <= mapping.Length)
        {
            // SAFETY: the address lies inside the mapping (checked above), whose host block outlives the vCPU.
            ArmExclusive(address, mapping.HostBase + (address - mapping.Start), size, value, high);
        }

        _clearMonitorOnAgentReturn = reader.ReadBoolean();
        Retired = reader.ReadUInt64();
        _counterAdvanced = reader.ReadUInt64();
        int countdown = reader.ReadInt32();
        bool canceled = reader.ReadBoolean();

        // Everything derived from the state is recomputed: TLB, jump cache, regime, FP access, timer checks.
        _blocks.Clear();
        FlushTlbLocal();
        ApplySystemRegisterEffects();

        // Where the next timer check falls (every TimerCheckInterval blocks) is not architectural, but with
        // --deterministic it decides the instruction at which a timer interrupt is taken: keep it, so a restored
        // deterministic run is the very run that was saved.
        _timerCountdown = countdown;
        _lastExitCanceled = canceled;
    }
}
