namespace Armvisor.Firmware.DeviceTree;

/// <summary>Structure-block tokens (DTSpec 0.4 §5.4.1), big-endian 32-bit words.</summary>
internal enum FdtToken : uint
{
    BeginNode = 0x1,
    EndNode = 0x2,
    Property = 0x3,
    Nop = 0x4,
    End = 0x9,
}
