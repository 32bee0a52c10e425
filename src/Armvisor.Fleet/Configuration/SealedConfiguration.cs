namespace Armvisor.Fleet.Configuration;

/// <summary>
/// The wire form of a host configuration: the exact JSON bytes (base64), their SHA-256 and an ECDSA P-256
/// signature (IEEE P1363, SHA-256) by the fleet's signing key. The agent verifies all three before installing.
/// </summary>
public sealed record SealedConfiguration(string KeyId, string Body, string Sha256, string Signature)
{
    public const string MediaType = "application/vnd.armvisor.host-state+json";
}
