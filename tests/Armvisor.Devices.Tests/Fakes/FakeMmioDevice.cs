using Armvisor.Arm64;
using Armvisor.Devices;

namespace Armvisor.Devices.Tests.Fakes;

/// <summary>Records the last access it was given.</summary>
public sealed class FakeMmioDevice(ulong size) : IMmioDevice
{
    public ulong Size => size;

    public ulong LastOffset { get; private set; } = ulong.MaxValue;

    public ulong LastValue { get; private set; }

    public ulong Read(ulong offset, AccessSize accessSize)
    {
        LastOffset = offset;
        return 0xD0 + offset;
    }

    public void Write(ulong offset, AccessSize accessSize, ulong value)
    {
        LastOffset = offset;
        LastValue = value;
    }

    public void Reset()
    {
    }
}
