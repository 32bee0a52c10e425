using Armvisor.Devices.Virtio.Block;

namespace Armvisor.Vmm.Storage;

/// <summary>Opens a <c>--drive</c> in its format: raw, or qcow2 (given as format= or recognised by its magic).</summary>
public static class DiskImage
{
    public const string Raw = "raw";
    public const string Qcow2 = "qcow2";

    /// <summary>
    /// The drive's format: format= if given, else qcow2 when the file starts with the qcow2 magic, else raw. (As with
    /// QEMU's probing, a raw image a guest could have written the magic into should be given format=raw.)
    /// </summary>
    public static string FormatOf(DriveConfiguration drive)
    {
        ArgumentNullException.ThrowIfNull(drive);
        return drive.Format ?? (File.Exists(drive.Path) && Qcow2Image.IsQcow2(drive.Path) ? Qcow2 : Raw);
    }

    public static IBlockStorage Open(DriveConfiguration drive)
    {
        ArgumentNullException.ThrowIfNull(drive);
        return FormatOf(drive) == Qcow2 ? Qcow2Image.Open(drive.Path, drive.ReadOnly) : new RawFileStorage(drive.Path, drive.ReadOnly);
    }
}
