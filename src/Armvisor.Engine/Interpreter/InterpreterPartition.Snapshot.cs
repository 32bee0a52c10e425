using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Interpreter;

/// <summary>The partition's part of a snapshot: the system counter, suspended while the VM is paused.</summary>
public sealed partial class InterpreterPartition
{
    private const uint StateTag = 0x5452_4150; // "PART"

    private IRestorableCounter RestorableCounter => (IRestorableCounter)Counter;

    public void SuspendCounter() => RestorableCounter.Suspend();

    public void ResumeCounter() => RestorableCounter.Resume();

    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(StateTag);
        writer.Write(Options.CounterFrequency);
        writer.Write(Options.Deterministic);
        writer.Write(Counter.Read());
    }

    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadUInt32() != StateTag)
        {
            throw new EngineException("the partition state does not start with its tag");
        }

        ulong frequency = reader.ReadUInt64();
        bool deterministic = reader.ReadBoolean();
        if (frequency != Options.CounterFrequency || deterministic != Options.Deterministic)
        {
            throw new EngineException($"the saved counter ({frequency} Hz, deterministic {deterministic}) does not match this partition's");
        }

        RestorableCounter.SetCount(reader.ReadUInt64());
    }
}
