using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.Virtio.Net;

/// <summary>
/// virtio-net (virtio 1.1 §5.1) with one queue pair: receiveq1 (queue 0) carries frames from an
/// <see cref="INetworkBackend"/> to the guest, transmitq1 (queue 1) carries the guest's frames to it. Offers
/// VIRTIO_NET_F_MAC, VIRTIO_NET_F_STATUS (link always up), VIRTIO_NET_F_MRG_RXBUF and VIRTIO_NET_F_CSUM (partial
/// checksums completed exactly as the driver asks); no segmentation offloads, no control queue.
/// </summary>
/// <remarks>
/// Guest errors — a chain with buffers of the wrong direction on either queue, a transmitted frame larger than
/// <see cref="MaxFrameLength"/>, a mergeable receive buffer smaller than the header (§5.1.6.3.1) — break the queue,
/// so the transport sets DEVICE_NEEDS_RESET (§2.1.2); an unusable header (an offload that was not negotiated, a
/// checksum position outside the frame) drops that frame only. Host frames wait in a bounded backlog while the guest
/// has no receive buffers; when it is full the back end's reader blocks, which pushes back on its socket.
/// Lock order: the transport lock → <c>_backlogLock</c>. The back end thread takes only <c>_backlogLock</c>,
/// releases it, then asks the transport to process the receive queue.
/// </remarks>
public sealed class VirtioNet : IVirtioDevice, IVirtioHostInput, IDisposable
{
    /// <summary>The largest frame either way: a 14-byte Ethernet header, a VLAN tag and a 65535-byte IP packet.</summary>
    public const int MaxFrameLength = 14 + 4 + 65_535;

    /// <summary>Host frames kept while the guest has no receive buffers.</summary>
    public const int BacklogLimit = 256;

    private const int ReceiveQueue = 0;
    private const int TransmitQueue = 1;

    // Configuration layout (§5.1.4): mac[6] @0, status le16 @6 (VIRTIO_NET_S_LINK_UP = 1).
    private const int ConfigLength = 8;
    private const ushort LinkUp = 1;

    private readonly INetworkBackend _backend;
    private readonly byte[] _mac;
    private readonly ILogger? _logger;
    private readonly Lock _backlogLock = new();
    private readonly Queue<byte[]> _backlog = new();
    private readonly SemaphoreSlim _backlogSpace = new(BacklogLimit, BacklogLimit);
    private readonly CancellationTokenSource _closed = new();
    private readonly byte[] _transmitBuffer = new byte[VirtioNetHeader.Size + MaxFrameLength];
    private Action<int>? _processQueue;
    private ulong _negotiated;
    private bool _started;
    private long _droppedReceiveFrames;
    private long _droppedTransmitFrames;

    /// <param name="backend">Owned by the device: disposed with it.</param>
    /// <param name="mac">The 6-byte MAC address the configuration space reports.</param>
    public VirtioNet(INetworkBackend backend, ReadOnlySpan<byte> mac, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (mac.Length != 6)
        {
            throw new ArgumentException("a MAC address has 6 bytes", nameof(mac));
        }

        _backend = backend;
        _mac = mac.ToArray();
        _logger = logger;
    }

    public VirtioDeviceType DeviceType => VirtioDeviceType.Network;

    public ulong DeviceFeatures =>
        VirtioNetFeature.Mac | VirtioNetFeature.Status | VirtioNetFeature.MergeableReceiveBuffers | VirtioNetFeature.Checksum;

    public int QueueCount => 2;

    public ushort MaxQueueSize => 256;

    public int ConfigSize => ConfigLength;

    /// <summary>Host frames the guest has not yet received.</summary>
    public int BacklogCount
    {
        get
        {
            lock (_backlogLock)
            {
                return _backlog.Count;
            }
        }
    }

    /// <summary>Host frames dropped because they did not fit the guest's buffers or were oversized.</summary>
    public long DroppedReceiveFrames => Interlocked.Read(ref _droppedReceiveFrames);

    /// <summary>Guest frames dropped because of an unusable header.</summary>
    public long DroppedTransmitFrames => Interlocked.Read(ref _droppedTransmitFrames);

    public void AttachQueueProcessor(Action<int> processQueue)
    {
        _processQueue = processQueue;
        if (!_started)
        {
            _started = true;
            _backend.Start(Deliver);
        }
    }

    /// <summary>
    /// A frame from the host (the back end's thread). Blocks while the backlog is full; false once the device is closed.
    /// </summary>
    public bool Deliver(byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Length > MaxFrameLength)
        {
            Interlocked.Increment(ref _droppedReceiveFrames);
            _logger?.LogWarning("virtio-net: dropped a {Length}-byte frame from the host (larger than {Max})", frame.Length, MaxFrameLength);
            return !_closed.IsCancellationRequested;
        }

        try
        {
            _backlogSpace.Wait(_closed.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        lock (_backlogLock)
        {
            _backlog.Enqueue(frame);
        }

        _processQueue?.Invoke(ReceiveQueue);
        return true;
    }

    public void ReadConfig(int offset, Span<byte> destination)
    {
        Span<byte> config = stackalloc byte[ConfigLength];
        _mac.CopyTo(config);
        config[6] = (byte)LinkUp;
        config[7] = 0;
        config.Slice(offset, destination.Length).CopyTo(destination);
    }

    public void WriteConfig(int offset, ReadOnlySpan<byte> source)
    {
        // mac is writable only with VIRTIO_NET_F_CTRL_MAC_ADDR-less legacy devices; status is read-only (§5.1.4).
    }

    public void Activate(ulong negotiatedFeatures) => _negotiated = negotiatedFeatures;

    public void ProcessQueue(int queueIndex, Virtqueue queue)
    {
        if (queueIndex == TransmitQueue)
        {
            Transmit(queue);
        }
        else if (queueIndex == ReceiveQueue)
        {
            Receive(queue);
        }
    }

    /// <summary>Device reset: frames not yet received are discarded (the driver will post new buffers).</summary>
    public void Reset()
    {
        _negotiated = 0;
        lock (_backlogLock)
        {
            int count = _backlog.Count;
            _backlog.Clear();
            if (count > 0)
            {
                _backlogSpace.Release(count);
            }
        }
    }

    public void Dispose()
    {
        _closed.Cancel();
        _backend.Dispose();
        _closed.Dispose();
        _backlogSpace.Dispose();
    }

    private bool Negotiated(ulong feature) => (_negotiated & feature) != 0;

    private void Transmit(Virtqueue queue)
    {
        while (queue.TryPop(out var chain) == VirtqueuePopResult.Chain)
        {
            // The transmit queue holds device-readable buffers only: a header and one frame (§5.1.6.2).
            if (chain!.WritableLength != 0 || chain.ReadableLength < VirtioNetHeader.Size
                || chain.ReadableLength > (ulong)_transmitBuffer.Length)
            {
                _logger?.LogWarning("virtio-net: malformed transmit chain ({Readable} readable, {Writable} writable bytes)",
                    chain.ReadableLength, chain.WritableLength);
                queue.MarkBroken();
                return;
            }

            int length = chain.ReadReadable(0, _transmitBuffer.AsSpan(0, (int)chain.ReadableLength));
            var header = VirtioNetHeader.Read(_transmitBuffer);
            Span<byte> frame = _transmitBuffer.AsSpan(VirtioNetHeader.Size, length - VirtioNetHeader.Size);
            if (PrepareTransmit(header, frame))
            {
                _backend.Send(frame);
            }
            else
            {
                Interlocked.Increment(ref _droppedTransmitFrames);
            }

            queue.PushUsed(chain.Head, 0);
        }
    }

    /// <summary>Applies the header's requests to the frame; false to drop it (§5.1.6.2.1).</summary>
    private bool PrepareTransmit(VirtioNetHeader header, Span<byte> frame)
    {
        if (header.GsoType != VirtioNetHeader.GsoNone)
        {
            _logger?.LogWarning("virtio-net: dropped a frame with gso_type {Type} (no segmentation offload negotiated)", header.GsoType);
            return false;
        }

        if ((header.Flags & VirtioNetHeader.FlagNeedsChecksum) == 0)
        {
            return true;
        }

        if (!Negotiated(VirtioNetFeature.Checksum) || !InternetChecksum.CompletePartial(frame, header.ChecksumStart, header.ChecksumOffset))
        {
            _logger?.LogWarning("virtio-net: dropped a frame whose partial checksum cannot be completed (csum_start {Start}, csum_offset {Offset}, {Length} bytes)",
                header.ChecksumStart, header.ChecksumOffset, frame.Length);
            return false;
        }

        return true;
    }

    private void Receive(Virtqueue queue)
    {
        while (true)
        {
            byte[] frame;
            lock (_backlogLock)
            {
                if (!_backlog.TryPeek(out frame!))
                {
                    return;
                }
            }

            ReceiveOutcome outcome = Negotiated(VirtioNetFeature.MergeableReceiveBuffers)
                ? ReceiveMergeable(queue, frame)
                : ReceiveSingle(queue, frame);
            if (outcome == ReceiveOutcome.WaitForBuffers)
            {
                return;
            }

            if (outcome == ReceiveOutcome.Dropped)
            {
                Interlocked.Increment(ref _droppedReceiveFrames);
            }

            lock (_backlogLock)
            {
                _backlog.Dequeue();
            }

            _backlogSpace.Release();
            if (queue.IsBroken)
            {
                return;
            }
        }
    }

    /// <summary>One frame into as many receive buffers as it needs, num_buffers in the first (§5.1.6.4.1).</summary>
    private ReceiveOutcome ReceiveMergeable(Virtqueue queue, byte[] frame)
    {
        ulong needed = (ulong)(VirtioNetHeader.Size + frame.Length);
        var chains = new List<DescriptorChain>();
        ulong capacity = 0;
        while (capacity < needed)
        {
            VirtqueuePopResult result = queue.TryPop(out var chain);
            if (result == VirtqueuePopResult.Malformed)
            {
                return ReceiveOutcome.Dropped;
            }

            if (result == VirtqueuePopResult.Empty)
            {
                queue.ReturnUnused(chains.Count);
                return ReceiveOutcome.WaitForBuffers;
            }

            // Receive buffers are device-writable only, each at least a header long with MRG_RXBUF (§5.1.6.3.1).
            if (chain!.ReadableLength != 0 || chain.WritableLength < VirtioNetHeader.Size)
            {
                _logger?.LogWarning("virtio-net: malformed receive buffer ({Readable} readable, {Writable} writable bytes)",
                    chain.ReadableLength, chain.WritableLength);
                queue.MarkBroken();
                return ReceiveOutcome.Dropped;
            }

            chains.Add(chain);
            capacity += chain.WritableLength;
        }

        Span<byte> header = stackalloc byte[VirtioNetHeader.Size];
        new VirtioNetHeader(0, VirtioNetHeader.GsoNone, 0, 0, 0, 0, (ushort)chains.Count).Write(header);
        int copied = 0;
        for (int i = 0; i < chains.Count; i++)
        {
            DescriptorChain chain = chains[i];
            uint written = 0;
            ulong offset = 0;
            if (i == 0)
            {
                written += (uint)chain.WriteWritable(0, header);
                offset = VirtioNetHeader.Size;
            }

            int part = (int)Math.Min(chain.WritableLength - offset, (ulong)(frame.Length - copied));
            written += (uint)chain.WriteWritable(offset, frame.AsSpan(copied, part));
            copied += part;
            queue.PushUsed(chain.Head, written);
        }

        return ReceiveOutcome.Delivered;
    }

    /// <summary>Without MRG_RXBUF a frame must fit one chain; one that does not is dropped and the buffer kept.</summary>
    private ReceiveOutcome ReceiveSingle(Virtqueue queue, byte[] frame)
    {
        VirtqueuePopResult result = queue.TryPop(out var chain);
        if (result == VirtqueuePopResult.Empty)
        {
            return ReceiveOutcome.WaitForBuffers;
        }

        if (result == VirtqueuePopResult.Malformed)
        {
            return ReceiveOutcome.Dropped;
        }

        if (chain!.ReadableLength != 0)
        {
            _logger?.LogWarning("virtio-net: receive chain with {Readable} device-readable bytes", chain.ReadableLength);
            queue.MarkBroken();
            return ReceiveOutcome.Dropped;
        }

        if (chain.WritableLength < (ulong)(VirtioNetHeader.Size + frame.Length))
        {
            queue.ReturnUnused(1);
            return ReceiveOutcome.Dropped;
        }

        Span<byte> header = stackalloc byte[VirtioNetHeader.Size];
        new VirtioNetHeader(0, VirtioNetHeader.GsoNone, 0, 0, 0, 0, 1).Write(header);
        uint written = (uint)chain.WriteWritable(0, header);
        written += (uint)chain.WriteWritable(VirtioNetHeader.Size, frame);
        queue.PushUsed(chain.Head, written);
        return ReceiveOutcome.Delivered;
    }

    private enum ReceiveOutcome
    {
        Delivered,
        Dropped,
        WaitForBuffers,
    }
}
