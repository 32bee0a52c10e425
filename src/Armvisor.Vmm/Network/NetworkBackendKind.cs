namespace Armvisor.Vmm.Network;

/// <summary>What a <c>--netdev</c> connects the guest's virtio-net device to.</summary>
public enum NetworkBackendKind
{
    /// <summary>User-mode networking through passt: DHCP, DNS, outbound TCP/UDP/ICMP, host port forwards; no privileges.</summary>
    User,

    /// <summary>An existing or new host TAP device (/dev/net/tun, IFF_TAP | IFF_NO_PI).</summary>
    Tap,
}
