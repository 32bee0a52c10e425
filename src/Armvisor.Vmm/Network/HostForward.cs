using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;

namespace Armvisor.Vmm.Network;

/// <summary>
/// A host port forwarded to the guest, QEMU's <c>hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT</c>:
/// connections to HOSTADDR:HOSTPORT on the host (all addresses when empty) reach GUESTPORT on the guest.
/// </summary>
public sealed record HostForward(bool Udp, [property: JsonConverter(typeof(IpAddressJsonConverter))] IPAddress? HostAddress, int HostPort, int GuestPort)
{
    public static HostForward Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':');
        string[] middle = parts.Length == 4 ? parts[2].Split('-') : [];
        if (parts.Length != 4 || middle.Length != 2 || parts[0] is not ("tcp" or "udp" or ""))
        {
            throw Bad(text, "expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT");
        }

        IPAddress? hostAddress = null;
        if (parts[1].Length > 0 && !IPAddress.TryParse(parts[1], out hostAddress))
        {
            throw Bad(text, $"'{parts[1]}' is not an IP address");
        }

        if (middle[1].Length > 0 && middle[1] != UserNetwork.GuestAddress.ToString())
        {
            throw Bad(text, $"the guest address can only be the guest's own, {UserNetwork.GuestAddress}");
        }

        return new HostForward(parts[0] == "udp", hostAddress, Port(text, middle[0]), Port(text, parts[3]));
    }

    /// <summary>passt's -t/-u specification: <c>[ADDR/]HOSTPORT:GUESTPORT</c>.</summary>
    public string PasstSpecification =>
        (HostAddress is null ? "" : HostAddress + "/") + HostPort.ToString(CultureInfo.InvariantCulture) + ":" + GuestPort.ToString(CultureInfo.InvariantCulture);

    /// <summary>QEMU's own form.</summary>
    public override string ToString() =>
        $"{(Udp ? "udp" : "tcp")}:{HostAddress}:{HostPort.ToString(CultureInfo.InvariantCulture)}-:{GuestPort.ToString(CultureInfo.InvariantCulture)}";

    private static int Port(string text, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535
            ? port
            : throw Bad(text, $"'{value}' is not a port (1-65535)");

    private static MachineConfigurationException Bad(string text, string why) => new($"bad hostfwd '{text}': {why}");
}
