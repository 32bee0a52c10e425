using System.Globalization;
using System.Net;

namespace Armvisor.Vmm.Gdb;

/// <summary>The stub's listening address, "tcp:[HOST:]PORT" as QEMU's -gdb takes it (a missing host is 127.0.0.1 here: loopback only).</summary>
public sealed record GdbEndpoint(IPAddress Address, int Port)
{
    /// <summary>QEMU's -s: tcp::1234.</summary>
    public const string Default = "tcp::1234";

    public static GdbEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("tcp:", StringComparison.Ordinal))
        {
            throw new MachineConfigurationException($"bad --gdb '{text}': expected tcp:[HOST:]PORT");
        }

        string rest = text[4..];
        int colon = rest.LastIndexOf(':');
        string host = colon < 0 ? "" : rest[..colon];
        string port = colon < 0 ? rest : rest[(colon + 1)..];
        IPAddress address = IPAddress.Loopback;
        if (host.Length > 0 && host != "localhost" && !IPAddress.TryParse(host.Trim('[', ']'), out address!))
        {
            throw new MachineConfigurationException($"bad --gdb '{text}': host must be an IP address or localhost");
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number > 65535)
        {
            throw new MachineConfigurationException($"bad --gdb '{text}': bad port '{port}'");
        }

        return new GdbEndpoint(address, number);
    }
}
