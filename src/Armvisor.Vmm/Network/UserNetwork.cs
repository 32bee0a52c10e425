using System.Net;

namespace Armvisor.Vmm.Network;

/// <summary>The user-mode network's addresses: QEMU's slirp defaults, which guests' documentation assumes.</summary>
public static class UserNetwork
{
    /// <summary>What DHCP assigns the guest.</summary>
    public static IPAddress GuestAddress { get; } = IPAddress.Parse("10.0.2.15");

    /// <summary>The default router; with <c>hostloopback=on</c> it also stands for the host's loopback.</summary>
    public static IPAddress Gateway { get; } = IPAddress.Parse("10.0.2.2");

    /// <summary>The DNS address DNS queries are forwarded from to the host's resolver.</summary>
    public static IPAddress Dns { get; } = IPAddress.Parse("10.0.2.3");

    public const int PrefixLength = 24;
}
