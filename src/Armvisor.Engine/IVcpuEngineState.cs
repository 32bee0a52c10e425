namespace Armvisor.Engine;

/// <summary>
/// The whole architectural state of an engine vCPU as bytes, for machine snapshots (QEMU's vmstate of a CPU, KVM's
/// KVM_GET_ONE_REG over every register): general-purpose and SIMD&amp;FP registers, PSTATE, every System register the
/// engine stores, the generic timers, the event register and the local exclusive monitor. Caches (TLB, decoded
/// blocks) are not state: <see cref="RestoreState"/> drops them. Called only while the vCPU is not running.
/// </summary>
public interface IVcpuEngineState
{
    /// <summary>Writes the state; the format is the engine's own and versioned by the snapshot file.</summary>
    void SaveState(BinaryWriter writer);

    /// <summary>Replaces the state with one <see cref="SaveState"/> wrote.</summary>
    /// <exception cref="EngineException">The data does not describe a state of this engine.</exception>
    void RestoreState(BinaryReader reader);
}
