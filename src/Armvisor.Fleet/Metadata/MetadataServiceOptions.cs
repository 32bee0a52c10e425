using System.Net;
using System.Security.Cryptography;

namespace Armvisor.Fleet.Metadata;

public sealed record MetadataServiceOptions
{
    /// <summary>
    /// Where the service listens. Loopback in this product's local provider; a real cloud deployment binds it on the
    /// link-local 169.254.169.254 of each instance's network (a DNAT or a per-host listener), see docs/fleet.md.
    /// </summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>Bearer token of the admin API (/admin/v1). Generated when not given.</summary>
    public string AdminToken { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>HMAC key of the IMDSv2 tokens. A restarted service with a new key makes old tokens 401; clients re-PUT.</summary>
    public byte[] TokenKey { get; init; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>Per-instance request rate before 503 + Retry-After (AWS throttles per instance).</summary>
    public int RequestsPerSecondPerInstance { get; init; } = 200;

    /// <summary>Seconds a client is told to wait (Retry-After) on 503.</summary>
    public int RetryAfterSeconds { get; init; } = 1;
}
