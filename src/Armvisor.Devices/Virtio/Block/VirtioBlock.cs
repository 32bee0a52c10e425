using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.Virtio.Block;

/// <summary>
/// virtio-blk (virtio 1.1 §5.2) backed by a host file, read-only or read-write. One request queue; requests IN, OUT,
/// FLUSH and GET_ID; anything else completes with VIRTIO_BLK_S_UNSUPP. The capacity is the file size in 512-byte
/// sectors (a partial last sector is not visible). With VIRTIO_BLK_F_RO, OUT requests fail with VIRTIO_BLK_S_IOERR.
/// </summary>
public sealed partial class VirtioBlock : IVirtioDevice, IDisposable
{
    /// <summary>Sector size of the virtio-blk protocol.</summary>
    public const int SectorSize = 512;

    /// <summary>Size of the GET_ID answer (VIRTIO_BLK_ID_BYTES).</summary>
    public const int IdBytes = 20;

    // Feature bits (§5.2.3).
    internal const ulong FeatureSegMax = 1UL << 2;
    internal const ulong FeatureReadOnly = 1UL << 5;
    internal const ulong FeatureFlush = 1UL << 9;

    private const int QueueSize = 256;
    private const int RequestHeaderSize = 16;
    private const int MaxTransferBytes = 4 * 1024 * 1024;

    // Configuration layout (§5.2.4): capacity le64 @0, size_max le32 @8, seg_max le32 @12, geometry @16,
    // blk_size le32 @20, topology @24, writeback u8 @32, then the discard and write-zeroes limits up to 0x3C.
    private const int ConfigCapacity = 0;
    private const int ConfigSegMax = 12;
    private const int ConfigBlockSize = 20;
    private const int ConfigLength = 0x3C;

    private readonly IBlockStorage _storage;
    private readonly byte[] _id;
    private readonly ILogger _logger;

    /// <summary>Opens <paramref name="path"/> as the disk.</summary>
    /// <exception cref="IOException">The file cannot be opened (a host configuration error).</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened (a host configuration error).</exception>
    public VirtioBlock(string path, bool readOnly, string? serial = null, ILogger? logger = null)
        : this(new RawFileStorage(path, readOnly), serial ?? Path.GetFileName(path), logger)
    {
    }

    /// <summary>A disk on <paramref name="storage"/> (owned: disposed with the device), GET_ID answering <paramref name="serial"/>.</summary>
    public VirtioBlock(IBlockStorage storage, string serial, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(serial);
        _storage = storage;
        IsReadOnly = storage.IsReadOnly;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        // GET_ID: up to 20 ASCII bytes, NUL-padded, not NUL-terminated when all 20 are used (§5.2.6).
        _id = new byte[IdBytes];
        Encoding.ASCII.GetBytes(serial, 0, Math.Min(IdBytes, serial.Length), _id, 0);
    }

    public VirtioDeviceType DeviceType => VirtioDeviceType.Block;

    public bool IsReadOnly { get; }

    /// <summary>Disk size in 512-byte sectors.</summary>
    public ulong CapacitySectors => (ulong)_storage.Length / SectorSize;

    public ulong DeviceFeatures => FeatureSegMax | FeatureFlush | (IsReadOnly ? FeatureReadOnly : 0);

    public int QueueCount => 1;

    public ushort MaxQueueSize => QueueSize;

    public int ConfigSize => ConfigLength;

    public void ReadConfig(int offset, Span<byte> destination)
    {
        Span<byte> config = stackalloc byte[ConfigLength];
        config.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(config[ConfigCapacity..], CapacitySectors);
        // A chain holds the header, the status byte and at most QueueSize - 2 data buffers.
        BinaryPrimitives.WriteUInt32LittleEndian(config[ConfigSegMax..], QueueSize - 2);
        BinaryPrimitives.WriteUInt32LittleEndian(config[ConfigBlockSize..], SectorSize);
        config.Slice(offset, destination.Length).CopyTo(destination);
    }

    public void WriteConfig(int offset, ReadOnlySpan<byte> source)
    {
        // The writeback field is only writable with VIRTIO_BLK_F_CONFIG_WCE, which is not offered.
    }

    public void Activate(ulong negotiatedFeatures)
    {
    }

    public void ProcessQueue(int queueIndex, Virtqueue queue)
    {
        while (queue.TryPop(out var chain) == VirtqueuePopResult.Chain)
        {
            queue.PushUsed(chain!.Head, Execute(chain));
        }
    }

    public void Reset()
    {
    }

    public void Dispose() => _storage.Dispose();

    /// <summary>Runs one request; returns the bytes written into the chain (data plus the status byte).</summary>
    private uint Execute(DescriptorChain chain)
    {
        if (chain.ReadableLength < RequestHeaderSize || chain.WritableLength < 1)
        {
            LogMalformedRequest(_logger, chain.Head);
            return 0;
        }

        Span<byte> header = stackalloc byte[RequestHeaderSize];
        chain.ReadReadable(0, header);
        var type = (VirtioBlockRequestType)BinaryPrimitives.ReadUInt32LittleEndian(header);
        ulong sector = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        ulong statusOffset = chain.WritableLength - 1;
        uint written = 0;
        VirtioBlockStatus status;
        try
        {
            status = type switch
            {
                VirtioBlockRequestType.In => ReadSectors(chain, sector, statusOffset, out written),
                VirtioBlockRequestType.Out => WriteSectors(chain, sector),
                VirtioBlockRequestType.Flush => Flush(),
                VirtioBlockRequestType.GetId => GetId(chain, statusOffset, out written),
                _ => VirtioBlockStatus.Unsupported,
            };
        }
        catch (IOException e)
        {
            LogHostIoError(_logger, type.ToString(), sector, e);
            status = VirtioBlockStatus.IoError;
            written = 0;
        }

        chain.WriteWritable(statusOffset, [(byte)status]);
        return written + 1;
    }

    private VirtioBlockStatus ReadSectors(DescriptorChain chain, ulong sector, ulong length, out uint written)
    {
        written = 0;
        if (!IsValidTransfer(sector, length))
        {
            return VirtioBlockStatus.IoError;
        }

        var buffer = new byte[length];
        _storage.Read((long)(sector * SectorSize), buffer);

        written = (uint)chain.WriteWritable(0, buffer);
        return VirtioBlockStatus.Ok;
    }

    private VirtioBlockStatus WriteSectors(DescriptorChain chain, ulong sector)
    {
        if (IsReadOnly)
        {
            return VirtioBlockStatus.IoError;
        }

        ulong length = chain.ReadableLength - RequestHeaderSize;
        if (!IsValidTransfer(sector, length))
        {
            return VirtioBlockStatus.IoError;
        }

        var buffer = new byte[length];
        chain.ReadReadable(RequestHeaderSize, buffer);
        _storage.Write((long)(sector * SectorSize), buffer);
        return VirtioBlockStatus.Ok;
    }

    private VirtioBlockStatus Flush()
    {
        if (!IsReadOnly)
        {
            _storage.Flush();
        }

        return VirtioBlockStatus.Ok;
    }

    private VirtioBlockStatus GetId(DescriptorChain chain, ulong room, out uint written)
    {
        written = (uint)chain.WriteWritable(0, _id.AsSpan(0, (int)Math.Min(room, IdBytes)));
        return VirtioBlockStatus.Ok;
    }

    /// <summary>A transfer is whole sectors, inside the disk, and of a size this model buffers.</summary>
    private bool IsValidTransfer(ulong sector, ulong length) =>
        length % SectorSize == 0
        && length <= MaxTransferBytes
        && sector <= CapacitySectors
        && length / SectorSize <= CapacitySectors - sector;

    [LoggerMessage(Level = LogLevel.Debug, Message = "virtio-blk: request {Head} without header or status byte")]
    private static partial void LogMalformedRequest(ILogger logger, ushort head);

    [LoggerMessage(Level = LogLevel.Warning, Message = "virtio-blk: host I/O error in {Type} at sector {Sector}")]
    private static partial void LogHostIoError(ILogger logger, string type, ulong sector, Exception exception);
}
