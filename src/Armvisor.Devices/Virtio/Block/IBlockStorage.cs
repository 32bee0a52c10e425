namespace Armvisor.Devices.Virtio.Block;

/// <summary>
/// What a virtio-blk device stores its sectors in: a raw file, or a disk image format such as qcow2. Offsets and
/// lengths are in bytes of the guest-visible disk. Host I/O errors and corrupt images surface as
/// <see cref="IOException"/>, which the device turns into VIRTIO_BLK_S_IOERR.
/// </summary>
public interface IBlockStorage : IDisposable
{
    /// <summary>The guest-visible size in bytes.</summary>
    long Length { get; }

    bool IsReadOnly { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; the range lies inside <see cref="Length"/>.</summary>
    void Read(long offset, Span<byte> destination);

    void Write(long offset, ReadOnlySpan<byte> source);

    /// <summary>Makes completed writes durable (VIRTIO_BLK_T_FLUSH).</summary>
    void Flush();
}
