using System.Globalization;
using System.Text.Json.Serialization;

namespace Armvisor.Vmm.Network;

/// <summary>
/// One virtio-net device and its back end, parsed from <c>--netdev</c>:
/// <c>user[,hostfwd=tcp::HOSTPORT-:GUESTPORT]...[,hostloopback=on][,mac=MAC]</c> or <c>tap,ifname=NAME[,mac=MAC]</c>.
/// </summary>
/// <param name="HostLoopback">
/// User mode only: the gateway address also reaches the host's loopback (passt's gateway mapping, QEMU's default for
/// 10.0.2.2). Off by default: the guest reaches host loopback services only through what is configured.
/// </param>
public sealed record NetworkConfiguration(NetworkBackendKind Kind, string? TapName, IReadOnlyList<HostForward> HostForwards, bool HostLoopback,
    [property: JsonConverter(typeof(MacAddressJsonConverter))] byte[]? Mac)
{
    /// <summary>QEMU's first NIC MAC, 52:54:00:12:34:56; device N gets the last byte plus N.</summary>
    public static byte[] DefaultMac(int index) => [0x52, 0x54, 0x00, 0x12, 0x34, (byte)(0x56 + index)];

    /// <summary>The <c>--netdev</c> text that parses back to this configuration.</summary>
    public string ToOption()
    {
        var parts = new List<string> { Kind == NetworkBackendKind.Tap ? "tap" : "user" };
        if (TapName is not null)
        {
            parts.Add("ifname=" + TapName);
        }

        parts.AddRange(HostForwards.Select(f => "hostfwd=" + f));
        if (HostLoopback)
        {
            parts.Add("hostloopback=on");
        }

        if (Mac is not null)
        {
            parts.Add("mac=" + FormatMac(Mac));
        }

        return string.Join(',', parts);
    }

    /// <summary>The MAC in the usual colon-separated form.</summary>
    public static string FormatMac(byte[] mac) => string.Join(':', (mac ?? throw new ArgumentNullException(nameof(mac))).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    public static NetworkConfiguration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',');
        NetworkBackendKind kind = parts[0] switch
        {
            "user" => NetworkBackendKind.User,
            "tap" => NetworkBackendKind.Tap,
            _ => throw new MachineConfigurationException($"bad --netdev '{text}': expected user[,hostfwd=...] or tap,ifname=NAME"),
        };
        string? tapName = null;
        var forwards = new List<HostForward>();
        bool hostLoopback = false;
        byte[]? mac = null;
        foreach (string part in parts.Skip(1))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? part : part[..equals];
            string value = equals < 0 ? "" : part[(equals + 1)..];
            switch (key)
            {
                case "hostfwd" when kind == NetworkBackendKind.User:
                    forwards.Add(HostForward.Parse(value));
                    break;
                case "hostloopback" when kind == NetworkBackendKind.User && value is "on" or "off":
                    hostLoopback = value == "on";
                    break;
                case "ifname" when kind == NetworkBackendKind.Tap && value.Length is > 0 and < 16:
                    tapName = value;
                    break;
                case "mac":
                    mac = ParseMac(text, value);
                    break;
                default:
                    throw new MachineConfigurationException($"bad --netdev '{text}': unknown or invalid part '{part}'");
            }
        }

        if (kind == NetworkBackendKind.Tap && tapName is null)
        {
            throw new MachineConfigurationException($"bad --netdev '{text}': tap needs ifname=NAME (at most 15 characters)");
        }

        return new NetworkConfiguration(kind, tapName, forwards, hostLoopback, mac);
    }

    private static byte[] ParseMac(string text, string value)
    {
        string[] octets = value.Split(':');
        var mac = new byte[6];
        if (octets.Length != 6 || !octets.Select((o, i) => o.Length == 2 && byte.TryParse(o, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out mac[i])).All(ok => ok))
        {
            throw new MachineConfigurationException($"bad --netdev '{text}': mac '{value}' is not XX:XX:XX:XX:XX:XX");
        }

        if ((mac[0] & 1) != 0)
        {
            throw new MachineConfigurationException($"bad --netdev '{text}': mac '{value}' is a multicast address");
        }

        return mac;
    }
}
