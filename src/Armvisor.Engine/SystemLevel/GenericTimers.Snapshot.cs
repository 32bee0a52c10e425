namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The timers' part of a snapshot: CNTP/CNTV_CTL_EL0 (ENABLE, IMASK; ISTATUS is computed), CNTP/CNTV_CVAL_EL0,
/// CNTKCTL_EL1 and CNTVOFF_EL2 (DDI0487 D11.2). TVAL is a view of CVAL, so the timers fire at the same guest count.
/// </summary>
public sealed partial class GenericTimers
{
    internal void SaveState(BinaryWriter writer)
    {
        writer.Write(_physicalControl);
        writer.Write(_physicalCompare);
        writer.Write(_virtualControl);
        writer.Write(_virtualCompare);
        writer.Write(_kernelControl);
        writer.Write(VirtualOffset);
    }

    internal void RestoreState(BinaryReader reader)
    {
        _physicalControl = reader.ReadUInt64() & (ControlEnable | ControlInterruptMask);
        _physicalCompare = reader.ReadUInt64();
        _virtualControl = reader.ReadUInt64() & (ControlEnable | ControlInterruptMask);
        _virtualCompare = reader.ReadUInt64();
        KernelControl = reader.ReadUInt64();
        VirtualOffset = reader.ReadUInt64();
    }
}
