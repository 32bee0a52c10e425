using System.Buffers.Binary;
using System.IO.Compression;
using Armvisor.Devices.Virtio.Block;
using Microsoft.Win32.SafeHandles;

namespace Armvisor.Vmm.Storage;

/// <summary>
/// A qcow2 image (QEMU docs/interop/qcow2.txt) read and written in place: the two-level L1/L2 cluster map, a backing
/// file (raw or qcow2) for clusters the image does not hold, v3 zero clusters, deflate-compressed clusters (read; a
/// write moves the cluster out), and refcounts kept exact so that <c>qemu-img check</c> finds neither leaks nor
/// errors. New clusters are appended at the end of the file; metadata is written through (no cache to lose).
/// </summary>
/// <remarks>
/// Not supported, refused when the image is opened: encryption, an external data file, extended L2 entries, a
/// compression type other than deflate, the dirty and corrupt bits (run <c>qemu-img check -r all</c>), and writing to
/// an image with internal snapshots (shared clusters would need copy-on-write of refcounts above 1). A refcount table
/// too small for the clusters a write allocates is replaced by a larger one, as QEMU does (see GrowRefcountTable).
/// </remarks>
public sealed class Qcow2Image : IBlockStorage
{
    // L1/L2 entry fields (qcow2.txt "Cluster mapping").
    private const ulong OffsetMask = 0x00FF_FFFF_FFFF_FE00;
    private const ulong Copied = 1UL << 63;
    private const ulong Compressed = 1UL << 62;
    private const ulong ZeroFlag = 1;

    private readonly SafeFileHandle _file;
    private Qcow2Header _header;
    private readonly IBlockStorage? _backing;
    private readonly ulong[] _l1;
    private readonly Dictionary<ulong, ulong[]> _l2Cache = [];
    private readonly Lock _lock = new();
    private readonly int _clusterSize;
    private readonly int _l2Entries;
    private readonly int _refcountBits;
    private readonly long _refcountBlockEntries;
    private long _fileEnd;

    private Qcow2Image(SafeFileHandle file, Qcow2Header header, IBlockStorage? backing, bool readOnly)
    {
        _file = file;
        _header = header;
        _backing = backing;
        IsReadOnly = readOnly;
        _clusterSize = 1 << header.ClusterBits;
        _l2Entries = _clusterSize / 8;
        _refcountBits = 1 << header.RefcountOrder;
        _refcountBlockEntries = (long)_clusterSize * 8 / _refcountBits;
        _l1 = new ulong[header.L1Size];
        var bytes = new byte[header.L1Size * 8];
        ReadExactly((long)header.L1TableOffset, bytes);
        for (int i = 0; i < _l1.Length; i++)
        {
            _l1[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8 * i));
        }

        _fileEnd = AlignUp(RandomAccess.GetLength(_file));
    }

    public long Length => (long)_header.Size;

    public bool IsReadOnly { get; }

    public Qcow2Header Header => _header;

    /// <summary>Whether <paramref name="path"/> starts with the qcow2 magic.</summary>
    public static bool IsQcow2(string path)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> magic = stackalloc byte[4];
        return RandomAccess.Read(file, magic, 0) == 4 && BinaryPrimitives.ReadUInt32BigEndian(magic) == Qcow2Header.Magic;
    }

    /// <summary>
    /// Opens an image and, read-only, its backing chain (a relative backing name is relative to the image's directory,
    /// as QEMU resolves it). Throws <see cref="MachineConfigurationException"/> for images this implementation refuses.
    /// </summary>
    public static Qcow2Image Open(string path, bool readOnly, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (depth > 16)
        {
            throw new MachineConfigurationException($"qcow2 {path}: backing chain deeper than 16 images");
        }

        SafeFileHandle file = File.OpenHandle(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite,
            readOnly ? FileShare.Read : FileShare.None);
        IBlockStorage? backing = null;
        try
        {
            var first = new byte[Math.Min(RandomAccess.GetLength(file), 1 << 21)];
            RandomAccess.Read(file, first, 0);
            Qcow2Header header;
            try
            {
                header = Qcow2Header.Parse(first);
            }
            catch (InvalidDataException e)
            {
                throw new MachineConfigurationException($"qcow2 {path}: {e.Message}", e);
            }

            Refuse(path, header, readOnly);
            if (header.BackingFile is { } name)
            {
                string backingPath = Path.IsPathRooted(name) ? name : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", name);
                if (!File.Exists(backingPath))
                {
                    throw new MachineConfigurationException($"qcow2 {path}: backing file {backingPath} not found");
                }

                bool backingIsQcow2 = header.BackingFormat switch
                {
                    "qcow2" => true,
                    "raw" => false,
                    null => IsQcow2(backingPath),
                    { } other => throw new MachineConfigurationException($"qcow2 {path}: backing format {other} is not supported (raw, qcow2)"),
                };
                backing = backingIsQcow2 ? Open(backingPath, readOnly: true, depth + 1) : new RawFileStorage(backingPath, readOnly: true);
            }

            return new Qcow2Image(file, header, backing, readOnly);
        }
        catch
        {
            backing?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public void Read(long offset, Span<byte> destination)
    {
        lock (_lock)
        {
            foreach ((long guest, int inCluster, int start, int length) in Chunks(offset, destination.Length))
            {
                ReadCluster(guest, inCluster, destination.Slice(start, length));
            }
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        if (IsReadOnly)
        {
            throw new IOException("qcow2 image opened read-only");
        }

        lock (_lock)
        {
            foreach ((long guest, int inCluster, int start, int length) in Chunks(offset, source.Length))
            {
                WriteCluster(guest, inCluster, source.Slice(start, length));
            }
        }
    }

    public void Flush()
    {
        if (!IsReadOnly)
        {
            RandomAccess.FlushToDisk(_file);
        }
    }

    public void Dispose()
    {
        _backing?.Dispose();
        _file.Dispose();
    }

    private static void Refuse(string path, Qcow2Header header, bool readOnly)
    {
        string? why = header.CryptMethod != 0 ? "encrypted images are not supported"
            : (header.IncompatibleFeatures & Qcow2Header.IncompatibleDirty) != 0 ? "the dirty bit is set (run qemu-img check -r all)"
            : (header.IncompatibleFeatures & Qcow2Header.IncompatibleCorrupt) != 0 ? "the image is marked corrupt (run qemu-img check -r all)"
            : (header.IncompatibleFeatures & Qcow2Header.IncompatibleExternalData) != 0 ? "external data files are not supported"
            : (header.IncompatibleFeatures & Qcow2Header.IncompatibleCompressionType) != 0 ? "only deflate compression is supported"
            : (header.IncompatibleFeatures & Qcow2Header.IncompatibleExtendedL2) != 0 ? "extended L2 entries are not supported"
            : header.IncompatibleFeatures >> 5 != 0 ? $"unknown incompatible features 0x{header.IncompatibleFeatures:X}"
            : header.RefcountOrder is < 3 or > 6 ? $"refcount_order {header.RefcountOrder} is not supported (3-6)"
            : !readOnly && header.SnapshotCount != 0 ? "writing to an image with internal snapshots is not supported (open it readonly)"
            : header.L1Size < (header.Size + ((1UL << (2 * header.ClusterBits - 3)) - 1)) >> (2 * header.ClusterBits - 3) ? "the L1 table does not cover the disk"
            : null;
        if (why is not null)
        {
            throw new MachineConfigurationException($"qcow2 {path}: {why}");
        }
    }

    private long AlignUp(long value) => (value + _clusterSize - 1) & ~((long)_clusterSize - 1);

    /// <summary>A transfer split at cluster boundaries: each piece's cluster, offset in it, and place in the transfer.</summary>
    private List<(long GuestCluster, int InCluster, int Start, int Length)> Chunks(long offset, int count)
    {
        var chunks = new List<(long, int, int, int)>();
        if (offset < 0 || offset + count > Length)
        {
            throw new IOException($"transfer {offset}+{count} outside the {Length}-byte qcow2 disk");
        }

        int done = 0;
        while (done < count)
        {
            long position = offset + done;
            int inCluster = (int)(position & (_clusterSize - 1));
            int length = Math.Min(count - done, _clusterSize - inCluster);
            chunks.Add((position - inCluster, inCluster, done, length));
            done += length;
        }

        return chunks;
    }

    private (int L1Index, int L2Index) Indexes(long guestCluster)
    {
        long clusterIndex = guestCluster >> _header.ClusterBits;
        return ((int)(clusterIndex / _l2Entries), (int)(clusterIndex % _l2Entries));
    }

    private ulong[]? L2Table(int l1Index)
    {
        ulong l2Offset = _l1[l1Index] & OffsetMask;
        if (l2Offset == 0)
        {
            return null;
        }

        if (!_l2Cache.TryGetValue(l2Offset, out ulong[]? table))
        {
            if ((l2Offset & (ulong)(_clusterSize - 1)) != 0)
            {
                throw new IOException($"qcow2: L2 table offset 0x{l2Offset:X} is not cluster aligned (corrupt image)");
            }

            var bytes = new byte[_clusterSize];
            ReadExactly((long)l2Offset, bytes);
            table = new ulong[_l2Entries];
            for (int i = 0; i < table.Length; i++)
            {
                table[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8 * i));
            }

            _l2Cache[l2Offset] = table;
        }

        return table;
    }

    private ulong L2Entry(long guestCluster)
    {
        (int l1Index, int l2Index) = Indexes(guestCluster);
        return L2Table(l1Index)?[l2Index] ?? 0;
    }

    private void ReadCluster(long guestCluster, int inCluster, Span<byte> destination)
    {
        ulong entry = L2Entry(guestCluster);
        if ((entry & Compressed) != 0)
        {
            Decompress(entry).AsSpan(inCluster, destination.Length).CopyTo(destination);
            return;
        }

        ulong host = entry & OffsetMask;
        if ((entry & ZeroFlag) != 0 && _header.Version >= 3)
        {
            destination.Clear();
        }
        else if (host != 0)
        {
            ReadExactly((long)host + inCluster, destination);
        }
        else
        {
            ReadBacking(guestCluster + inCluster, destination);
        }
    }

    /// <summary>Unallocated clusters read from the backing file, zeros past its end or without one.</summary>
    private void ReadBacking(long offset, Span<byte> destination)
    {
        destination.Clear();
        if (_backing is null || offset >= _backing.Length)
        {
            return;
        }

        int length = (int)Math.Min(destination.Length, _backing.Length - offset);
        _backing.Read(offset, destination[..length]);
    }

    /// <summary>A compressed cluster: raw deflate data of the sectors the descriptor names (qcow2.txt "Compressed Clusters Descriptor").</summary>
    private byte[] Decompress(ulong entry)
    {
        (long offset, long length) = CompressedRange(entry);
        long available = Math.Min(length, RandomAccess.GetLength(_file) - offset);
        var compressed = new byte[Math.Max(0, available)];
        ReadExactly(offset, compressed);
        var cluster = new byte[_clusterSize];
        using var inflater = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        try
        {
            inflater.ReadAtLeast(cluster, _clusterSize, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new IOException($"qcow2: compressed cluster at {offset} does not inflate: {e.Message}", e);
        }

        return cluster;
    }

    private (long Offset, long Length) CompressedRange(ulong entry)
    {
        int offsetBits = 62 - (_header.ClusterBits - 8);
        long offset = (long)(entry & ((1UL << offsetBits) - 1));
        long sectors = (long)((entry >> offsetBits) & ((1UL << (_header.ClusterBits - 8)) - 1)) + 1;
        return (offset, sectors * 512 - (offset & 511));
    }

    private void WriteCluster(long guestCluster, int inCluster, ReadOnlySpan<byte> data)
    {
        (int l1Index, int l2Index) = Indexes(guestCluster);
        ulong[] table = L2Table(l1Index) ?? AllocateL2Table(l1Index);
        ulong entry = table[l2Index];
        ulong host = entry & OffsetMask;
        bool plain = (entry & Compressed) == 0 && host != 0 && (entry & Copied) != 0;
        if (plain && (entry & ZeroFlag) == 0)
        {
            WriteFile((long)host + inCluster, data);   // an allocated cluster only this image refers to: in place
            return;
        }

        // Copy on write: the cluster's current contents (backing file, zeros, inflated data) with the new bytes over them.
        var cluster = new byte[_clusterSize];
        if (inCluster != 0 || data.Length != _clusterSize)
        {
            ReadCluster(guestCluster, 0, cluster);
        }

        data.CopyTo(cluster.AsSpan(inCluster));
        ulong target = plain ? host : (ulong)AllocateCluster();
        WriteFile((long)target, cluster);
        SetL2Entry(l1Index, l2Index, table, target | Copied);
        if ((entry & Compressed) != 0)
        {
            FreeCompressed(entry);
        }
    }

    private ulong[] AllocateL2Table(int l1Index)
    {
        long offset = AllocateCluster();
        WriteFile(offset, new byte[_clusterSize]);
        var table = new ulong[_l2Entries];
        _l2Cache[(ulong)offset] = table;
        _l1[l1Index] = (ulong)offset | Copied;
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _l1[l1Index]);
        WriteFile((long)_header.L1TableOffset + 8L * l1Index, bytes);
        return table;
    }

    private void SetL2Entry(int l1Index, int l2Index, ulong[] table, ulong value)
    {
        table[l2Index] = value;
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        WriteFile((long)(_l1[l1Index] & OffsetMask) + 8L * l2Index, bytes);
    }

    /// <summary>A new cluster at the end of the file with refcount 1 (refcount first: a crash leaks, never corrupts).</summary>
    private long AllocateCluster()
    {
        long offset = _fileEnd;
        _fileEnd += _clusterSize;
        AdjustRefcount(offset, +1);
        return offset;
    }

    private void FreeCompressed(ulong entry)
    {
        (long offset, long length) = CompressedRange(entry);
        for (long cluster = offset & ~((long)_clusterSize - 1); cluster < offset + length; cluster += _clusterSize)
        {
            AdjustRefcount(cluster, -1);
        }
    }

    /// <summary>Adds <paramref name="delta"/> to a host cluster's refcount, making the refcount block if there is none.</summary>
    private void AdjustRefcount(long hostOffset, int delta)
    {
        long clusterIndex = hostOffset >> _header.ClusterBits;
        long tableIndex = clusterIndex / _refcountBlockEntries;
        long blockIndex = clusterIndex % _refcountBlockEntries;
        if (tableIndex >= (long)_header.RefcountTableClusters * _clusterSize / 8)
        {
            GrowRefcountTable(tableIndex);
        }

        long tableEntryOffset = (long)_header.RefcountTableOffset + 8 * tableIndex;
        Span<byte> bytes = stackalloc byte[8];
        ReadExactly(tableEntryOffset, bytes);
        long block = (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) & OffsetMask);
        if (block == 0)
        {
            // A new refcount block at the end of the file; it counts itself when it covers its own cluster.
            block = _fileEnd;
            _fileEnd += _clusterSize;
            WriteFile(block, new byte[_clusterSize]);
            BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)block);
            WriteFile(tableEntryOffset, bytes);
            AdjustRefcount(block, +1);
        }

        long bitOffset = blockIndex * _refcountBits;
        int byteCount = Math.Max(1, _refcountBits / 8);
        long position = block + bitOffset / 8;
        Span<byte> field = bytes[..byteCount];
        ReadExactly(position, field);
        ulong value = byteCount switch
        {
            1 => field[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(field),
            4 => BinaryPrimitives.ReadUInt32BigEndian(field),
            _ => BinaryPrimitives.ReadUInt64BigEndian(field),
        };
        if (delta < 0 && value == 0)
        {
            throw new IOException($"qcow2: refcount of cluster at {hostOffset} would drop below 0 (corrupt image)");
        }

        value = (ulong)((long)value + delta);
        switch (byteCount)
        {
            case 1: field[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16BigEndian(field, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32BigEndian(field, (uint)value); break;
            default: BinaryPrimitives.WriteUInt64BigEndian(field, value); break;
        }

        WriteFile(position, field);
    }

    /// <summary>
    /// Replaces the refcount table by a larger one that covers refcount block <paramref name="tableIndex"/>
    /// (qcow2.txt "Host cluster management": the table is contiguous and may be moved). The new table goes to the end
    /// of the file, at least 1.5 times the old size (QEMU's growth step) and large enough to cover its own clusters and
    /// the refcount blocks those need. Order, so that a crash leaks clusters and never corrupts: copy the old entries
    /// into the new table; count the new table's clusters through it (refcount blocks it lacks are made and entered
    /// into the new table only); point the header at it in one write; then free the old table's clusters.
    /// </summary>
    private void GrowRefcountTable(long tableIndex)
    {
        long oldOffset = (long)_header.RefcountTableOffset;
        long oldClusters = _header.RefcountTableClusters;
        long entriesPerCluster = _clusterSize / 8;
        long fileEndCluster = _fileEnd >> _header.ClusterBits;
        long newClusters = Math.Max(oldClusters + 1, (oldClusters * 3 + 1) / 2);
        while (true)
        {
            // The last cluster that may need counting: the new table, then at most one refcount block per
            // _refcountBlockEntries clusters of it, plus one for a block boundary.
            long lastCluster = fileEndCluster + newClusters + newClusters / _refcountBlockEntries + 2;
            long entriesNeeded = Math.Max(tableIndex + 1, lastCluster / _refcountBlockEntries + 1);
            if (newClusters * entriesPerCluster >= entriesNeeded)
            {
                break;
            }

            newClusters = Math.Max(newClusters + 1, (entriesNeeded + entriesPerCluster - 1) / entriesPerCluster);
        }

        if (newClusters > uint.MaxValue)
        {
            throw new IOException("qcow2: the refcount table would exceed the format's limit");
        }

        var table = new byte[newClusters * _clusterSize];
        ReadExactly(oldOffset, table.AsSpan(0, (int)(oldClusters * _clusterSize)));
        long newOffset = _fileEnd;
        _fileEnd += newClusters * _clusterSize;
        WriteFile(newOffset, table);

        // From here on refcounts go through the new table, which the header does not name yet.
        _header = _header with { RefcountTableOffset = (ulong)newOffset, RefcountTableClusters = (uint)newClusters };
        for (long cluster = 0; cluster < newClusters; cluster++)
        {
            AdjustRefcount(newOffset + cluster * _clusterSize, +1);
        }

        // Header bytes 48-59: refcount_table_offset (8) and refcount_table_clusters (4), big-endian, one write.
        Span<byte> fields = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(fields, (ulong)newOffset);
        BinaryPrimitives.WriteUInt32BigEndian(fields[8..], (uint)newClusters);
        WriteFile(48, fields);
        for (long cluster = 0; cluster < oldClusters; cluster++)
        {
            AdjustRefcount(oldOffset + cluster * _clusterSize, -1);
        }
    }

    private void ReadExactly(long offset, Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int read = RandomAccess.Read(_file, destination[done..], offset + done);
            if (read == 0)
            {
                throw new IOException($"qcow2: read past the end of the image at {offset + done} (truncated or corrupt)");
            }

            done += read;
        }
    }

    private void WriteFile(long offset, ReadOnlySpan<byte> source) => RandomAccess.Write(_file, source, offset);
}
