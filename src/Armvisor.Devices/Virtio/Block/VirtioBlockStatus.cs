namespace Armvisor.Devices.Virtio.Block;

/// <summary>virtio-blk request status byte (virtio 1.1 §5.2.6).</summary>
internal enum VirtioBlockStatus : byte
{
    Ok = 0,
    IoError = 1,
    Unsupported = 2,
}
