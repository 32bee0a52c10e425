namespace Armvisor.Devices.Gic;

/// <summary>
/// One CPU interface's state (IHI0069 §12.2): ICC_PMR_EL1, ICC_BPR0/1_EL1, ICC_CTLR_EL1.CBPR and EOImode, the group
/// enables and the active-priority registers ICC_AP0R0/AP1R0. The output levels are not state: they are recomputed.
/// </summary>
public sealed partial class GicV3CpuInterface
{
    internal void SaveStateLocked(BinaryWriter writer)
    {
        writer.Write(_pmr);
        writer.Write(_bpr0);
        writer.Write(_bpr1);
        writer.Write(_cbpr);
        writer.Write(_eoiMode);
        writer.Write(_groupEnable0);
        writer.Write(_groupEnable1);
        writer.Write(_activePriorities0);
        writer.Write(_activePriorities1);
    }

    internal void RestoreStateLocked(BinaryReader reader)
    {
        _pmr = reader.ReadByte();
        _bpr0 = reader.ReadInt32();
        _bpr1 = reader.ReadInt32();
        _cbpr = reader.ReadBoolean();
        _eoiMode = reader.ReadBoolean();
        _groupEnable0 = reader.ReadBoolean();
        _groupEnable1 = reader.ReadBoolean();
        _activePriorities0 = reader.ReadUInt32();
        _activePriorities1 = reader.ReadUInt32();
    }
}
