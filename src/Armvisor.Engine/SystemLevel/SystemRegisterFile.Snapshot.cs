namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// Saving and restoring every stored System register by its encoding (op0, op1, CRn, CRm, op2), so a snapshot names
/// registers the way the Arm ARM does and survives a reordering of the table. Constants (ID registers) are not saved:
/// they follow from the partition options, which the snapshot's configuration reproduces.
/// </summary>
public sealed partial class SystemRegisterFile
{
    internal void SaveState(BinaryWriter writer)
    {
        int count = 0;
        foreach (SystemRegisterDefinition row in SystemRegisterTable.Definitions)
        {
            if (row.Kind == SystemRegisterKind.Storage && row.StorageIndex >= 0)
            {
                count++;
            }
        }

        writer.Write(count);
        foreach (SystemRegisterDefinition row in SystemRegisterTable.Definitions)
        {
            if (row.Kind == SystemRegisterKind.Storage && row.StorageIndex >= 0)
            {
                writer.Write(row.Encoding.Key);
                writer.Write(_values[row.StorageIndex]);
            }
        }

        Timers.SaveState(writer);
    }

    internal void RestoreState(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            ushort key = reader.ReadUInt16();
            ulong value = reader.ReadUInt64();
            SystemRegisterDefinition? row = SystemRegisterTable.Find(key);
            if (row is null || row.Kind != SystemRegisterKind.Storage || row.StorageIndex < 0)
            {
                throw new EngineException($"the saved System register with key 0x{key:X4} is not one this engine stores");
            }

            _values[row.StorageIndex] = value;
        }

        Timers.RestoreState(reader);
        PendingEffects = SystemRegisterEffects.Translation | SystemRegisterEffects.Timer | SystemRegisterEffects.Debug;
    }
}
