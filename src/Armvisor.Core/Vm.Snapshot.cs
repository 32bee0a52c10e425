using Armvisor.Engine;

namespace Armvisor.Core;

/// <summary>
/// What a paused VM stops and a snapshot carries besides the vCPUs: guest time (the partition's system counter) and
/// the WFE channel's watchdogs, which count guest time. The VMM pauses the vCPUs first (they are outside
/// <see cref="Vcpu.Run"/>), then calls <see cref="SuspendGuestTime"/>; it calls <see cref="ResumeGuestTime"/> before
/// they run again.
/// </summary>
public sealed partial class Vm
{
    private const uint StateTag = 0x5F5F_4D56; // "VM__"

    private IEnginePartitionState PartitionState => Partition as IEnginePartitionState
        ?? throw new InvalidOperationException($"the engine partition {Partition.GetType().Name} cannot suspend or save its counter");

    /// <summary>Freezes the system counter and the watchdogs (idempotent).</summary>
    public void SuspendGuestTime()
    {
        PartitionState.SuspendCounter();
        Watchdogs.Suspend();
    }

    /// <summary>Lets the counter and the watchdogs run on from where they stopped (idempotent).</summary>
    public void ResumeGuestTime()
    {
        Watchdogs.Resume();
        PartitionState.ResumeCounter();
    }

    /// <summary>Saves the counter and the watchdogs; call with guest time suspended.</summary>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(StateTag);
        writer.Write(_vcpus.Length);
        PartitionState.SaveState(writer);
        Watchdogs.SaveState(writer);
    }

    /// <summary>Restores the counter and the watchdogs, both left suspended until <see cref="ResumeGuestTime"/>.</summary>
    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadUInt32() != StateTag)
        {
            throw new InvalidDataException("the VM state does not start with its tag");
        }

        int vcpus = reader.ReadInt32();
        if (vcpus != _vcpus.Length)
        {
            throw new InvalidDataException($"the saved VM has {vcpus} vCPUs, this one {_vcpus.Length}");
        }

        PartitionState.SuspendCounter();
        PartitionState.RestoreState(reader);
        Watchdogs.RestoreState(reader);
    }
}
