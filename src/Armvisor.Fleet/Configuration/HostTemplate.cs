using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Armvisor.Fleet.Configuration;

/// <summary>
/// The fleet-wide template a host configuration is generated from: the per-host values (hostname, management
/// address, credentials) are derived from the host's index, everything else is copied.
/// </summary>
public sealed record HostTemplate
{
    /// <summary>Hostname pattern; {0} is the 1-based index, formatted with the format in braces (e.g. "host-{0:D3}").</summary>
    public string HostnamePattern { get; init; } = "armvisor-{0:D4}";

    /// <summary>The management network; host N gets the N-th address after the network address.</summary>
    public string ManagementNetwork { get; init; } = "10.0.0.0/16";

    public string? ManagementServer { get; init; } = "https://fleet.armvisor.internal";

    public IReadOnlyList<string> SshAuthorizedKeys { get; init; } = [];

    public IReadOnlyList<VmSpec> Vms { get; init; } = [new VmSpec("guest0", "guests/build/hello.elf")];

    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>Makes the configuration of host number <paramref name="index"/> (1-based) for an allocated instance.</summary>
    public HostConfiguration Generate(string hostId, int index, string instanceId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        var (network, prefix) = ParseNetwork(ManagementNetwork);
        var bytes = network.GetAddressBytes();
        uint value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]) + (uint)index;
        var address = new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        return new HostConfiguration
        {
            HostId = hostId,
            InstanceId = instanceId,
            Hostname = string.Format(CultureInfo.InvariantCulture, HostnamePattern, index),
            ManagementAddress = $"{address}/{prefix}",
            ManagementServer = ManagementServer,
            Credentials = new HostCredentials(NewPasswordHash(), SshAuthorizedKeys, HostKeyPem: NewHostKeyPem()),
            Vms = Vms,
            Extra = Extra,
        };
    }

    private static (IPAddress Network, int Prefix) ParseNetwork(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int prefix))
        {
            throw new Common.FleetConfigurationException($"management network '{cidr}' is not an IPv4 CIDR");
        }

        return (ip, prefix);
    }

    /// <summary>A random per-host root password, stored only as a salted SHA-512 crypt-style hash marker.</summary>
    private static string NewPasswordHash()
    {
        Span<byte> salt = stackalloc byte[12];
        RandomNumberGenerator.Fill(salt);
        Span<byte> secret = stackalloc byte[24];
        RandomNumberGenerator.Fill(secret);
        var hash = SHA512.HashData([.. salt, .. secret]);
        return $"$sha512${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    private static string NewHostKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
