namespace Armvisor.Devices.Gic;

/// <summary>The whole GIC in a snapshot: distributor, redistributors and CPU interfaces share <see cref="GicV3State"/>.</summary>
public sealed partial class GicV3 : IDeviceState
{
    public void SaveState(BinaryWriter writer) => _state.SaveState(writer);

    /// <summary>Restores the state, then drives every PE's IRQ/FIQ output to the level the state implies.</summary>
    public void RestoreState(BinaryReader reader) => _state.RestoreState(reader);
}
