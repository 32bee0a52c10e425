namespace Armvisor.Devices.Gpio;

/// <summary>The PL061's state beyond its registers: the input and output pin levels, the latched edges and the line level.</summary>
public sealed partial class Pl061
{
    protected override void SaveDeviceState(BinaryWriter writer)
    {
        writer.Write(_inputs);
        writer.Write(_outputs);
        writer.Write(_edgeStatus);
        writer.Write(_lineLevel);
    }

    protected override void RestoreDeviceState(BinaryReader reader)
    {
        _inputs = reader.ReadByte();
        _outputs = reader.ReadByte();
        _edgeStatus = reader.ReadByte();
        _lineLevel = reader.ReadBoolean();
    }
}
