namespace Armvisor.Firmware.Loading;

/// <summary>A decoded (decompressed) arm64 Image and its header.</summary>
public sealed record Arm64Image(Arm64ImageHeader Header, byte[] Bytes, bool WasCompressed)
{
    /// <summary>True for a raw image without the Image header (QEMU loads those like a pre-3.17 Image).</summary>
    public bool IsRaw { get; init; }

    /// <summary>Bytes from the load address the kernel needs free: image_size (BSS, early page tables) or the file.</summary>
    public ulong FootprintSize => Math.Max(Header.ImageSize, (ulong)Bytes.Length);
}
