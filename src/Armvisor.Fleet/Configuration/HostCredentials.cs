namespace Armvisor.Fleet.Configuration;

/// <summary>Secrets of one host. Served only until the host reports Provisioned, then revoked; logs redact them.</summary>
public sealed record HostCredentials(string RootPasswordHash, IReadOnlyList<string> SshAuthorizedKeys, string? HostCertificatePem = null, string? HostKeyPem = null);
