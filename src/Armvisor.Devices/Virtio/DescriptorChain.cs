using Armvisor.Memory;

namespace Armvisor.Devices.Virtio;

/// <summary>
/// A request taken from a virtqueue: the head descriptor index and its buffers in chain order, with indirect tables
/// already flattened. Helpers read the device-readable buffers and write the device-writable ones as if each set were
/// one contiguous byte stream (a request header may be split across descriptors).
/// </summary>
public sealed class DescriptorChain
{
    private readonly IGuestMemory _memory;

    internal DescriptorChain(IGuestMemory memory, ushort head, IReadOnlyList<VirtqueueSegment> segments)
    {
        _memory = memory;
        Head = head;
        Segments = segments;
        foreach (var segment in segments)
        {
            if (segment.IsDeviceWritable)
            {
                WritableLength += segment.Length;
            }
            else
            {
                ReadableLength += segment.Length;
            }
        }
    }

    /// <summary>Index of the head descriptor: the id returned in the used ring.</summary>
    public ushort Head { get; }

    public IReadOnlyList<VirtqueueSegment> Segments { get; }

    /// <summary>Total bytes the device may read.</summary>
    public ulong ReadableLength { get; }

    /// <summary>Total bytes the device may write.</summary>
    public ulong WritableLength { get; }

    /// <summary>Copies readable bytes starting <paramref name="offset"/> bytes into the readable stream; returns bytes copied.</summary>
    public int ReadReadable(ulong offset, Span<byte> destination)
    {
        int done = 0;
        foreach (var (address, start, length) in Pieces(offset, destination.Length, writable: false))
        {
            _memory.Read(address, destination.Slice(start, length));
            done += length;
        }

        return done;
    }

    /// <summary>Copies into writable bytes starting <paramref name="offset"/> bytes into the writable stream; returns bytes copied.</summary>
    public int WriteWritable(ulong offset, ReadOnlySpan<byte> source)
    {
        int done = 0;
        foreach (var (address, start, length) in Pieces(offset, source.Length, writable: true))
        {
            _memory.Write(address, source.Slice(start, length));
            done += length;
        }

        return done;
    }

    /// <summary>Maps a byte range of the readable or writable stream onto guest buffers.</summary>
    private List<(GuestPhysicalAddress Address, int Start, int Length)> Pieces(ulong offset, int count, bool writable)
    {
        var pieces = new List<(GuestPhysicalAddress, int, int)>();
        int done = 0;
        ulong skip = offset;
        foreach (var segment in Segments)
        {
            if (done == count)
            {
                break;
            }

            if (segment.IsDeviceWritable != writable)
            {
                continue;
            }

            if (skip >= segment.Length)
            {
                skip -= segment.Length;
                continue;
            }

            int length = (int)Math.Min(segment.Length - skip, (ulong)(count - done));
            pieces.Add((segment.Address + skip, done, length));
            done += length;
            skip = 0;
        }

        return pieces;
    }
}
