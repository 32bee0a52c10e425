namespace Armvisor.Devices;

/// <summary>
/// A device model's guest-visible state as bytes, for machine snapshots (QEMU's VMStateDescription of a device): every
/// register, FIFO, interrupt line level and, for virtio, the queue addresses and ring positions. Host-side resources
/// (files, sockets, timers) are not state: the restored device re-creates them. Called only while every vCPU is
/// paused, so no guest access runs concurrently.
/// </summary>
public interface IDeviceState
{
    void SaveState(BinaryWriter writer);

    /// <summary>Replaces the state with one <see cref="SaveState"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The data does not describe a state of this device.</exception>
    void RestoreState(BinaryReader reader);
}
