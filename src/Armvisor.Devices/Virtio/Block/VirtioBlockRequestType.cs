namespace Armvisor.Devices.Virtio.Block;

/// <summary>virtio-blk request types (virtio 1.1 §5.2.6).</summary>
internal enum VirtioBlockRequestType : uint
{
    In = 0,
    Out = 1,
    Flush = 4,
    GetId = 8,
    Discard = 11,
    WriteZeroes = 13,
}
