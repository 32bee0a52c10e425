namespace Armvisor.Devices.Rtc;

/// <summary>
/// The PL031's state beyond its registers: started, the offset of RTCDR from host UTC (so the guest's clock keeps its
/// own setting, like QEMU's rtc base=utc), the raw interrupt and the line level; the match timer is re-armed.
/// </summary>
public sealed partial class Pl031
{
    protected override void SaveDeviceState(BinaryWriter writer)
    {
        writer.Write(_started);
        writer.Write(_offsetSeconds);
        writer.Write(_rawInterrupt);
        writer.Write(_lineLevel);
    }

    protected override void RestoreDeviceState(BinaryReader reader)
    {
        _started = reader.ReadBoolean();
        _offsetSeconds = reader.ReadInt64();
        _rawInterrupt = reader.ReadBoolean();
        _lineLevel = reader.ReadBoolean();
        if (!_rawInterrupt)
        {
            ScheduleMatch();
        }
    }
}
