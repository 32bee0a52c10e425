using Armvisor.Arm64;
using Microsoft.Extensions.Logging;

namespace Armvisor.Devices;

/// <summary>
/// Rate-limited log for guest accesses a device does not model (unknown offsets, unimplemented bits, malformed
/// requests). A guest can hammer such an offset in a loop, so only the first <see cref="BurstCount"/> events are
/// logged in full, then one line per <see cref="SuppressedInterval"/> further events saying how many were dropped
/// (Firecracker <c>logger/rate_limited.rs</c>, Hafnium's "a buggy VM is not an error" policy: Debug level).
/// </summary>
public sealed partial class GuestAccessLog
{
    /// <summary>Events logged in full before suppression starts.</summary>
    public const int BurstCount = 8;

    /// <summary>After the burst, one summary line per this many events.</summary>
    public const int SuppressedInterval = 1024;

    private readonly ILogger _logger;
    private readonly string _deviceName;
    private long _eventCount;

    public GuestAccessLog(string deviceName, ILogger? logger)
    {
        _deviceName = deviceName;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    /// <summary>Number of events seen (logged or suppressed).</summary>
    public long EventCount => Interlocked.Read(ref _eventCount);

    /// <summary>The device's name in the log lines.</summary>
    public string DeviceName => _deviceName;

    /// <summary>Records a read of an offset the device does not implement.</summary>
    public void UnknownRead(ulong offset, AccessSize size)
    {
        if (ShouldLog(out long count))
        {
            LogUnknownRead(_logger, _deviceName, offset, (int)size, count);
        }
    }

    /// <summary>Records a write to an offset the device does not implement.</summary>
    public void UnknownWrite(ulong offset, AccessSize size, ulong value)
    {
        if (ShouldLog(out long count))
        {
            LogUnknownWrite(_logger, _deviceName, offset, (int)size, value, count);
        }
    }

    /// <summary>Records any other guest misbehaviour, described by <paramref name="message"/>.</summary>
    public void GuestError(string message)
    {
        if (ShouldLog(out long count))
        {
            LogGuestError(_logger, _deviceName, message, count);
        }
    }

    private bool ShouldLog(out long count)
    {
        count = Interlocked.Increment(ref _eventCount);
        return count <= BurstCount || (count - BurstCount) % SuppressedInterval == 0;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Device}: read of unimplemented offset 0x{Offset:X} ({Size} bytes) reads as zero (event {Count})")]
    private static partial void LogUnknownRead(ILogger logger, string device, ulong offset, int size, long count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Device}: write of 0x{Value:X} to unimplemented offset 0x{Offset:X} ({Size} bytes) ignored (event {Count})")]
    private static partial void LogUnknownWrite(ILogger logger, string device, ulong offset, int size, ulong value, long count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Device}: {Message} (event {Count})")]
    private static partial void LogGuestError(ILogger logger, string device, string message, long count);
}
