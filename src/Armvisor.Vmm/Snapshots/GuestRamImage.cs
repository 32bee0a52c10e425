using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using K4os.Compression.LZ4;
using Armvisor.Memory;

namespace Armvisor.Vmm.Snapshots;

/// <summary>
/// Guest RAM in a snapshot, sparse and compressed: RAM is cut into chunks of 256 pages (1 MiB); a chunk records a bitmap
/// of its non-zero 4 KiB pages and those pages, LZ4-compressed. All-zero pages cost one bit, so a 512 MiB guest that
/// touched 100 MiB stores about that much before compression. Chunks are compressed and decompressed in parallel.
/// <code>
/// u64 RAM base | u64 RAM length | u32 chunk count | per chunk: u32 compressed length, u32 raw length, 32-byte page bitmap
/// then every chunk's compressed bytes, in order
/// </code>
/// </summary>
internal static class GuestRamImage
{
    private const int PageSize = 4096;
    private const int PagesPerChunk = 256;
    private const int ChunkSize = PageSize * PagesPerChunk;
    private const int BitmapBytes = PagesPerChunk / 8;
    private const int EntrySize = 8 + BitmapBytes;

    /// <summary>Encodes <paramref name="ram"/>; returns the section payload and how many pages were not zero.</summary>
    public static byte[] Encode(GuestRam ram, out long nonZeroPages)
    {
        ulong length = ram.Range.Length;
        int chunks = (int)((length + ChunkSize - 1) / ChunkSize);
        var compressed = new byte[chunks][];
        var rawLengths = new int[chunks];
        var bitmaps = new byte[chunks][];
        long pages = 0;
        // Fully optimised at once: each of these runs once per save or restore, so tiered JIT would run them unoptimised.
        Parallel.For(0, chunks, () => new byte[ChunkSize], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, scratch) =>
        {
            ulong start = (ulong)chunk * ChunkSize;
            int size = (int)Math.Min(ChunkSize, length - start);
            ReadOnlySpan<byte> source = ram.GetSpan(ram.Range.Start + start, size);
            var bitmap = new byte[BitmapBytes];
            int raw = 0;
            for (int page = 0; page * PageSize < size; page++)
            {
                ReadOnlySpan<byte> p = source.Slice(page * PageSize, Math.Min(PageSize, size - (page * PageSize)));
                if (p.IndexOfAnyExcept((byte)0) >= 0)
                {
                    bitmap[page >> 3] |= (byte)(1 << (page & 7));
                    p.CopyTo(scratch.AsSpan(raw));
                    raw += p.Length;
                }
            }

            bitmaps[chunk] = bitmap;
            rawLengths[chunk] = raw;
            if (raw == 0)
            {
                compressed[chunk] = [];
            }
            else
            {
                var target = new byte[LZ4Codec.MaximumOutputSize(raw)];
                int written = LZ4Codec.Encode(scratch.AsSpan(0, raw), target, LZ4Level.L00_FAST);
                compressed[chunk] = target.AsSpan(0, written).ToArray();
                Interlocked.Add(ref pages, (raw + PageSize - 1) / PageSize);
            }

            return scratch;
        }, _ => { });

        long total = 20 + ((long)chunks * EntrySize) + compressed.Sum(c => (long)c.Length);
        var payload = new byte[total];
        Span<byte> span = payload;
        BinaryPrimitives.WriteUInt64LittleEndian(span, ram.Range.Start.Value);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], length);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], chunks);
        int entry = 20;
        int data = 20 + (chunks * EntrySize);
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[entry..], compressed[chunk].Length);
            BinaryPrimitives.WriteInt32LittleEndian(span[(entry + 4)..], rawLengths[chunk]);
            bitmaps[chunk].CopyTo(span[(entry + 8)..]);
            entry += EntrySize;
            compressed[chunk].CopyTo(span[data..]);
            data += compressed[chunk].Length;
        }

        nonZeroPages = pages;
        return payload;
    }

    /// <summary>Backs each run of stored pages of a chunk with host pages in one call (zero pages stay untouched).</summary>
    private static void PrefaultStoredPages(GuestRam ram, ulong chunkStart, int size, ReadOnlySpan<byte> bitmap)
    {
        int pages = (size + PageSize - 1) / PageSize;
        for (int page = 0; page < pages;)
        {
            if ((bitmap[page >> 3] & (1 << (page & 7))) == 0)
            {
                page++;
                continue;
            }

            int first = page;
            while (page < pages && (bitmap[page >> 3] & (1 << (page & 7))) != 0)
            {
                page++;
            }

            ram.Prefault(ram.Range.Start + chunkStart + (ulong)(first * PageSize), (ulong)((page - first) * PageSize));
        }
    }

    /// <summary>Writes the image into <paramref name="ram"/>, which must be freshly allocated (zero) and of the saved size.</summary>
    /// <exception cref="SnapshotException">The image does not fit this RAM or does not decompress.</exception>
    public static void Decode(ReadOnlyMemory<byte> payload, GuestRam ram, string path)
    {
        ReadOnlySpan<byte> span = payload.Span;
        if (span.Length < 20)
        {
            throw new SnapshotException($"{path}: the RAM section is too short");
        }

        ulong start = BinaryPrimitives.ReadUInt64LittleEndian(span);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]);
        int chunks = BinaryPrimitives.ReadInt32LittleEndian(span[16..]);
        if (start != ram.Range.Start.Value || length != ram.Range.Length || chunks != (int)((length + ChunkSize - 1) / ChunkSize)
            || span.Length < 20 + ((long)chunks * EntrySize))
        {
            throw new SnapshotException($"{path}: the RAM section describes {length} bytes at 0x{start:X}, not this machine's {ram.Range.Length} at 0x{ram.Range.Start.Value:X}");
        }

        var offsets = new int[chunks];
        int data = 20 + (chunks * EntrySize);
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            offsets[chunk] = data;
            data += BinaryPrimitives.ReadInt32LittleEndian(span[(20 + (chunk * EntrySize))..]);
            if (data > span.Length || data < 0)
            {
                throw new SnapshotException($"{path}: the RAM section's chunk table runs past its end");
            }
        }

        int failed = -1;
        Parallel.For(0, chunks, () => new byte[ChunkSize], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, state, scratch) =>
        {
            ReadOnlySpan<byte> all = payload.Span;
            int entry = 20 + (chunk * EntrySize);
            int compressedLength = BinaryPrimitives.ReadInt32LittleEndian(all[entry..]);
            int raw = BinaryPrimitives.ReadInt32LittleEndian(all[(entry + 4)..]);
            ReadOnlySpan<byte> bitmap = all.Slice(entry + 8, BitmapBytes);
            if (raw == 0)
            {
                return scratch;
            }

            ulong chunkStart = (ulong)chunk * ChunkSize;
            int size = (int)Math.Min(ChunkSize, length - chunkStart);
            PrefaultStoredPages(ram, chunkStart, size, bitmap);
            if (raw == size)
            {
                // Every page of the chunk is stored: decompress straight into guest RAM.
                if (LZ4Codec.Decode(all.Slice(offsets[chunk], compressedLength), ram.GetSpan(ram.Range.Start + chunkStart, size)) != raw)
                {
                    Interlocked.CompareExchange(ref failed, chunk, -1);
                    state.Stop();
                }

                return scratch;
            }

            if (raw > size || LZ4Codec.Decode(all.Slice(offsets[chunk], compressedLength), scratch.AsSpan(0, raw)) != raw)
            {
                Interlocked.CompareExchange(ref failed, chunk, -1);
                state.Stop();
                return scratch;
            }

            int consumed = 0;
            for (int page = 0; page * PageSize < size && consumed < raw; page++)
            {
                if ((bitmap[page >> 3] & (1 << (page & 7))) == 0)
                {
                    continue;
                }

                int pageLength = Math.Min(PageSize, size - (page * PageSize));
                scratch.AsSpan(consumed, pageLength).CopyTo(ram.GetSpan(ram.Range.Start + chunkStart + (ulong)(page * PageSize), pageLength));
                consumed += pageLength;
            }

            return scratch;
        }, _ => { });
        if (failed >= 0)
        {
            throw new SnapshotException($"{path}: RAM chunk {failed} does not decompress");
        }
    }
}
