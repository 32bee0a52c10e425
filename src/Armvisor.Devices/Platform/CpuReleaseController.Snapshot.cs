namespace Armvisor.Devices.Platform;

/// <summary>The release controller's state beyond its registers: the STATUS of the last release.</summary>
public sealed partial class CpuReleaseController
{
    protected override void SaveDeviceState(BinaryWriter writer) => writer.Write((uint)_status);

    protected override void RestoreDeviceState(BinaryReader reader) => _status = (CpuReleaseStatus)reader.ReadUInt32();
}
