using System.Net;

namespace Armvisor.Fleet.Providers;

/// <summary>
/// Per-instance loopback addresses: host N of a fleet on subnet S gets 127.S.(N / 250).(N % 250 + 1). Linux routes
/// all of 127.0.0.0/8 to lo, so no configuration is needed; an instance binds its sockets to its address and the
/// metadata service tells instances apart by source address, as a cloud does for 169.254.169.254.
/// </summary>
public static class LoopbackAddresses
{
    public static IPAddress For(int subnet, int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subnet, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subnet, 254);
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 62_499);
        return new IPAddress([127, (byte)subnet, (byte)(index / 250), (byte)(index % 250 + 1)]);
    }
}
