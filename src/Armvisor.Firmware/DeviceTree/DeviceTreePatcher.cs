using System.Buffers.Binary;
using System.Text;
using Armvisor.Memory;

namespace Armvisor.Firmware.DeviceTree;

/// <summary>
/// Edits /chosen of a user-supplied DTB the way QEMU's arm_load_dtb does: bootargs and linux,initrd-start/end are
/// replaced (or removed when not given), everything else is preserved.
/// </summary>
public static class DeviceTreePatcher
{
    /// <summary>Parses <paramref name="dtb"/> (throwing <see cref="BootImageException"/> if malformed) and patches /chosen.</summary>
    public static byte[] PatchChosen(ReadOnlySpan<byte> dtb, string? bootArgs, AddressRange? initrd)
    {
        var tree = FdtReader.Parse(dtb);
        var chosen = tree.Root.GetOrAddChild("chosen");
        if (bootArgs is not null)
        {
            chosen.SetProperty("bootargs", [.. Encoding.UTF8.GetBytes(bootArgs), 0]);
        }

        chosen.RemoveProperty("linux,initrd-start");
        chosen.RemoveProperty("linux,initrd-end");
        if (initrd is { } range)
        {
            chosen.SetProperty("linux,initrd-start", BigEndian(range.Start.Value));
            chosen.SetProperty("linux,initrd-end", BigEndian(range.End.Value));
        }

        var blob = tree.ToBlob();
        if (blob.Length > FdtReader.MaxBlobSize)
        {
            throw new BootImageException(BootImageError.MalformedDeviceTree, $"patched device tree is {blob.Length} bytes, over booting.rst's 2 MiB limit");
        }

        return blob;
    }

    private static byte[] BigEndian(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}
