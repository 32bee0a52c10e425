using System.Security.Cryptography;

namespace Armvisor.Devices.Virtio.Rng;

/// <summary>
/// virtio-rng, the entropy device (virtio 1.1 §5.4): one request queue; every device-writable buffer is filled with
/// bytes from the host's cryptographic random number generator. No feature bits, no configuration space.
/// </summary>
public sealed class VirtioRng : IVirtioDevice
{
    /// <summary>Most bytes given for one request; the driver asks again for more.</summary>
    public const int MaxBytesPerRequest = 64 * 1024;

    private readonly Action<Span<byte>> _entropy;

    /// <summary>Uses <paramref name="entropy"/> as the source; null for <see cref="RandomNumberGenerator.Fill"/>.</summary>
    public VirtioRng(Action<Span<byte>>? entropy = null) => _entropy = entropy ?? RandomNumberGenerator.Fill;

    public VirtioDeviceType DeviceType => VirtioDeviceType.Entropy;

    public ulong DeviceFeatures => 0;

    public int QueueCount => 1;

    public ushort MaxQueueSize => 64;

    public int ConfigSize => 0;

    public void ReadConfig(int offset, Span<byte> destination) => destination.Clear();

    public void WriteConfig(int offset, ReadOnlySpan<byte> source)
    {
    }

    public void Activate(ulong negotiatedFeatures)
    {
    }

    public void ProcessQueue(int queueIndex, Virtqueue queue)
    {
        while (queue.TryPop(out var chain) == VirtqueuePopResult.Chain)
        {
            int length = (int)Math.Min(chain!.WritableLength, MaxBytesPerRequest);
            var bytes = new byte[length];
            _entropy(bytes);
            queue.PushUsed(chain.Head, (uint)chain.WriteWritable(0, bytes));
        }
    }

    public void Reset()
    {
    }
}
