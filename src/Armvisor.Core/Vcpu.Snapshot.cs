using Armvisor.Engine;

namespace Armvisor.Core;

/// <summary>
/// The vCPU's part of a snapshot: the PSCI power state (DEN0022D §5.1) and a pending CPU_ON, the core's timer masks
/// (the HVF-style mask of an activated timer whose PPI is still up) and the engine's architectural state. Saved and
/// restored only while the vCPU is outside <see cref="Run"/> (paused). The engine vCPU is created by the thread that
/// runs it, so a restored engine state waits here until that first <see cref="Run"/>.
/// </summary>
public sealed partial class Vcpu
{
    private const uint StateTag = 0x4555_5043; // "CPUE"
    private byte[]? _restoredEngineState;

    /// <summary>The entry point and X0 of a power-on not yet applied (the vCPU has not run since), or null.</summary>
    public (ulong Entry, ulong X0)? PendingPowerOn
    {
        get
        {
            lock (_powerLock)
            {
                return _bootPending ? (_bootEntry, _bootContext) : null;
            }
        }
    }

    /// <summary>Writes the vCPU's state. Call only while no thread runs it.</summary>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_owedAccess is not null)
        {
            throw new InvalidOperationException($"vCPU {Index}: cannot save with an MMIO access in flight");
        }

        writer.Write(StateTag);
        writer.Write(Mpidr);
        lock (_powerLock)
        {
            writer.Write((int)_powerState);
            writer.Write(_bootPending);
            writer.Write(_bootEntry);
            writer.Write(_bootContext);
        }

        writer.Write(_virtualTimerMasked);
        writer.Write(_physicalTimerMasked);
        writer.Write(WfeTraps);
        byte[]? engineState = _restoredEngineState;
        if (_engine is IVcpuEngineState engine)
        {
            using var buffer = new MemoryStream();
            using (var inner = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                engine.SaveState(inner);
            }

            engineState = buffer.ToArray();
        }
        else if (_engine is not null)
        {
            throw new InvalidOperationException($"vCPU {Index}: the engine {_engine.GetType().Name} cannot save its state");
        }

        writer.Write(engineState?.Length ?? -1);
        if (engineState is not null)
        {
            writer.Write(engineState);
        }
    }

    /// <summary>Replaces the vCPU's state; the engine part is applied when the vCPU next runs. Call before it runs.</summary>
    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadUInt32() != StateTag || reader.ReadUInt64() != Mpidr)
        {
            throw new InvalidDataException($"vCPU {Index}: the saved state is not this vCPU's");
        }

        lock (_powerLock)
        {
            _powerState = (VcpuPowerState)reader.ReadInt32();
            _bootPending = reader.ReadBoolean();
            _bootEntry = reader.ReadUInt64();
            _bootContext = reader.ReadUInt64();
            if (_powerState != VcpuPowerState.Off)
            {
                _powerChanged.Set();
            }
        }

        _virtualTimerMasked = reader.ReadBoolean();
        _physicalTimerMasked = reader.ReadBoolean();
        WfeTraps = reader.ReadInt64();
        int length = reader.ReadInt32();
        _restoredEngineState = length < 0 ? null : reader.ReadBytes(length);
        if (_engine is not null && _restoredEngineState is not null)
        {
            ApplyRestoredEngineState(_engine);
        }
    }

    private void ApplyRestoredEngineState(IVcpuEngine engine)
    {
        if (_restoredEngineState is not { } state)
        {
            return;
        }

        _restoredEngineState = null;
        if (engine is not IVcpuEngineState restorable)
        {
            throw new InvalidOperationException($"vCPU {Index}: the engine {engine.GetType().Name} cannot restore a state");
        }

        using var reader = new BinaryReader(new MemoryStream(state, writable: false));
        restorable.RestoreState(reader);
    }
}
