using Armvisor.Arm64;

namespace Armvisor.Devices.Gic;

/// <summary>
/// The contiguous redistributor region of the machine (QEMU virt: 0x080A0000): one <see cref="GicV3Redistributor"/>
/// per PE at a 128 KiB stride, in PE order, the last one with GICR_TYPER.Last set. Linux walks it that way.
/// </summary>
public sealed class GicV3RedistributorRegion : IMmioDevice
{
    private readonly IReadOnlyList<GicV3Redistributor> _redistributors;
    private readonly GuestAccessLog _log;

    internal GicV3RedistributorRegion(IReadOnlyList<GicV3Redistributor> redistributors, GuestAccessLog log)
    {
        _redistributors = redistributors;
        _log = log;
    }

    public ulong Size => (ulong)_redistributors.Count * GicV3Redistributor.FrameSize;

    public ulong Read(ulong offset, AccessSize size)
    {
        ulong index = offset / GicV3Redistributor.FrameSize;
        if (index >= (ulong)_redistributors.Count)
        {
            _log.UnknownRead(offset, size);
            return 0;
        }

        return _redistributors[(int)index].Read(offset % GicV3Redistributor.FrameSize, size);
    }

    public void Write(ulong offset, AccessSize size, ulong value)
    {
        ulong index = offset / GicV3Redistributor.FrameSize;
        if (index >= (ulong)_redistributors.Count)
        {
            _log.UnknownWrite(offset, size, value);
            return;
        }

        _redistributors[(int)index].Write(offset % GicV3Redistributor.FrameSize, size, value);
    }

    /// <summary>Reset of the whole GIC is done by <see cref="GicV3.Reset"/>.</summary>
    public void Reset()
    {
    }
}
