using Armvisor.Devices.Serial;

namespace Armvisor.Devices.Virtio.Console;

/// <summary>
/// virtio-console (virtio 1.1 §5.3) with a single port and no multiport support: receiveq0 (queue 0) carries host
/// input to the guest, transmitq0 (queue 1) carries guest output to an <see cref="ISerialSink"/>. Offers
/// VIRTIO_CONSOLE_F_EMERG_WRITE: a byte written to the emerg_wr configuration field is output at once (early
/// debugging before the queues exist).
/// </summary>
/// <remarks>
/// Lock order: the transport lock → <c>_inputLock</c>. <see cref="EnqueueInput(byte)"/> takes only <c>_inputLock</c>,
/// releases it, then asks the transport to process the receive queue.
/// </remarks>
public sealed class VirtioConsole : IVirtioDevice, IVirtioHostInput
{
    /// <summary>VIRTIO_CONSOLE_F_EMERG_WRITE (§5.3.3).</summary>
    internal const ulong FeatureEmergencyWrite = 1UL << 2;

    /// <summary>Host bytes kept while the guest has no receive buffers; beyond this, input is dropped.</summary>
    public const int InputBacklogLimit = 64 * 1024;

    private const int ReceiveQueue = 0;
    private const int TransmitQueue = 1;

    // Configuration layout (§5.3.4): cols le16 @0, rows le16 @2, max_nr_ports le32 @4, emerg_wr le32 @8.
    private const int ConfigEmergencyWrite = 8;
    private const int ConfigLength = 12;

    private readonly ISerialSink _output;
    private readonly Lock _inputLock = new();
    private readonly Queue<byte> _input = new();
    private Action<int>? _processQueue;

    public VirtioConsole(ISerialSink output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    public VirtioDeviceType DeviceType => VirtioDeviceType.Console;

    public ulong DeviceFeatures => FeatureEmergencyWrite;

    public int QueueCount => 2;

    public ushort MaxQueueSize => 128;

    public int ConfigSize => ConfigLength;

    /// <summary>Bytes the guest has not yet received.</summary>
    public int PendingInputCount
    {
        get
        {
            lock (_inputLock)
            {
                return _input.Count;
            }
        }
    }

    public void AttachQueueProcessor(Action<int> processQueue) => _processQueue = processQueue;

    /// <summary>A byte typed on the host. Any thread.</summary>
    public void EnqueueInput(byte value)
    {
        lock (_inputLock)
        {
            if (_input.Count >= InputBacklogLimit)
            {
                return;
            }

            _input.Enqueue(value);
        }

        _processQueue?.Invoke(ReceiveQueue);
    }

    public void ReadConfig(int offset, Span<byte> destination)
    {
        Span<byte> config = stackalloc byte[ConfigLength];
        config.Clear();   // cols = rows = 0 (no VIRTIO_CONSOLE_F_SIZE), max_nr_ports unused without MULTIPORT
        config.Slice(offset, destination.Length).CopyTo(destination);
    }

    public void WriteConfig(int offset, ReadOnlySpan<byte> source)
    {
        if (offset == ConfigEmergencyWrite && source.Length >= 1)
        {
            _output.Write(source[0]);
        }
    }

    public void Activate(ulong negotiatedFeatures)
    {
    }

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

    public void Reset()
    {
    }

    private void Transmit(Virtqueue queue)
    {
        while (queue.TryPop(out var chain) == VirtqueuePopResult.Chain)
        {
            var bytes = new byte[(int)Math.Min(chain!.ReadableLength, 64 * 1024)];
            chain.ReadReadable(0, bytes);
            foreach (byte value in bytes)
            {
                _output.Write(value);
            }

            queue.PushUsed(chain.Head, 0);
        }
    }

    private void Receive(Virtqueue queue)
    {
        while (true)
        {
            lock (_inputLock)
            {
                if (_input.Count == 0)
                {
                    return;
                }
            }

            if (queue.TryPop(out var chain) != VirtqueuePopResult.Chain)
            {
                return;
            }

            byte[] bytes;
            lock (_inputLock)
            {
                bytes = new byte[(int)Math.Min((ulong)_input.Count, chain!.WritableLength)];
                for (int i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = _input.Dequeue();
                }
            }

            queue.PushUsed(chain.Head, (uint)chain.WriteWritable(0, bytes));
        }
    }
}
