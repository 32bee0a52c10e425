using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The AArch32 view of the register file: CP15 accesses reach a half of a mapped AArch64 row (DDI0487 G8.2), with the
/// AArch32 register's own writable bits where they differ from the AArch64 register's (SCTLR's RES1 bits are not
/// SCTLR_EL1's). The access check is the AArch64 row's (<see cref="Read"/>/<see cref="Write"/> verdicts).
/// </summary>
public sealed partial class SystemRegisterFile
{
    /// <summary>The value of the row at <paramref name="key"/>, without an access check (after one has passed).</summary>
    internal ulong ReadMapped(CpuState cpu, ushort key) => ReadValue(cpu, SystemRegisterTable.Find(key)!);

    /// <summary>
    /// Writes the row at <paramref name="key"/> after an access check passed. With <paramref name="aarch32Writable"/>
    /// a stored register takes <c>(old &amp; ~mask) | (value &amp; mask)</c> instead of the AArch64 row's masks.
    /// </summary>
    internal void WriteMapped(CpuState cpu, ushort key, ulong value, ulong? aarch32Writable)
    {
        SystemRegisterDefinition row = SystemRegisterTable.Find(key)!;
        if (aarch32Writable is { } mask && row.Kind == SystemRegisterKind.Storage)
        {
            _values[row.StorageIndex] = (_values[row.StorageIndex] & ~mask) | (value & mask);
            PendingEffects |= row.WriteEffects;
            return;
        }

        WriteValue(cpu, row, value);
    }

    /// <summary>The access check of the row at <paramref name="key"/> for a register (not instruction) access.</summary>
    internal SysRegAccess CheckMapped(CpuState cpu, ushort key, bool isWrite)
    {
        SystemRegisterDefinition? row = SystemRegisterTable.Find(key);
        return row is null || row.Kind == SystemRegisterKind.Instruction ? SysRegAccess.Undefined : Check(cpu, row, isWrite);
    }

    /// <summary>The row is stored (a 32-bit write merges into the other half) rather than a timer or special register.</summary>
    internal static bool IsStored(ushort key) => SystemRegisterTable.Find(key)!.Kind == SystemRegisterKind.Storage;

    /// <summary>DACR (DACR32_EL2).</summary>
    internal uint Dacr => (uint)ReadStoredByEncoding(SystemRegisterTable.Dacr32El2.Key);

    internal ulong ReadStoredByEncoding(ushort key) => _values[SystemRegisterTable.Find(key)!.StorageIndex];

    internal void WriteStoredByEncoding(ushort key, ulong value) => _values[SystemRegisterTable.Find(key)!.StorageIndex] = value;

    /// <summary>An AArch32 reset of SCTLR (the AArch64 row's RES1 bits would set TRE and AFE).</summary>
    internal void ResetAArch32Sctlr(uint value)
    {
        _values[(int)SystemRegisterSlot.SctlrEl1] = value;
        PendingEffects |= SystemRegisterEffects.Translation;
    }
}
