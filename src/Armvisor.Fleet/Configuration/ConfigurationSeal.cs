using System.Security.Cryptography;
using System.Text.Json;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Json;

namespace Armvisor.Fleet.Configuration;

/// <summary>
/// Seals host configurations with the fleet key (the daemon holds the private key) and verifies them with the public
/// key baked into the master image. ECDSA P-256 with SHA-256 (FIPS 186-5), signatures in IEEE P1363 form.
/// </summary>
public sealed class ConfigurationSeal : IDisposable
{
    private readonly ECDsa _key;
    private readonly bool _canSign;

    private ConfigurationSeal(ECDsa key, bool canSign)
    {
        _key = key;
        _canSign = canSign;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
    }

    /// <summary>First 16 hex digits of the SHA-256 of the SubjectPublicKeyInfo.</summary>
    public string KeyId { get; }

    public static ConfigurationSeal CreateSigningKey()
    {
        return new ConfigurationSeal(ECDsa.Create(ECCurve.NamedCurves.nistP256), canSign: true);
    }

    /// <summary>Loads a PKCS#8 private key PEM (signing) or a SubjectPublicKeyInfo PEM (verify only).</summary>
    public static ConfigurationSeal FromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FleetConfigurationException($"not an ECDSA key PEM: {e.Message}", e);
        }

        bool canSign = pem.Contains("PRIVATE KEY", StringComparison.Ordinal);
        return new ConfigurationSeal(key, canSign);
    }

    /// <summary>Loads the key at <paramref name="path"/>, creating a new signing key there (mode 0600) if absent.</summary>
    public static ConfigurationSeal LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return FromPem(File.ReadAllText(path));
        }

        var seal = CreateSigningKey();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, seal.ExportPrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(tmp, path, overwrite: true);
        return seal;
    }

    public string ExportPublicKeyPem() => _key.ExportSubjectPublicKeyInfoPem();

    public string ExportPrivateKeyPem() =>
        _canSign ? _key.ExportPkcs8PrivateKeyPem() : throw new FleetConfigurationException("this seal holds only a public key");

    public SealedConfiguration Seal(HostConfiguration configuration)
    {
        if (!_canSign)
        {
            throw new FleetConfigurationException("cannot seal with a verify-only key");
        }

        byte[] body = FleetJson.SerializeToUtf8(configuration);
        byte[] signature = _key.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new SealedConfiguration(KeyId, Convert.ToBase64String(body), Convert.ToHexStringLower(SHA256.HashData(body)), Convert.ToBase64String(signature));
    }

    /// <summary>
    /// Checks hash, signature and that the configuration is for <paramref name="instanceId"/>. Never throws for bad
    /// input: what the metadata service served is untrusted data, and a rejection is a reported outcome.
    /// </summary>
    public VerificationResult Verify(SealedConfiguration? sealedConfiguration, string instanceId)
    {
        if (sealedConfiguration is null)
        {
            return VerificationResult.Reject("configuration missing");
        }

        if (!string.Equals(sealedConfiguration.KeyId, KeyId, StringComparison.Ordinal))
        {
            return VerificationResult.Reject($"configuration signed by unknown key {sealedConfiguration.KeyId}");
        }

        byte[] body, signature;
        try
        {
            body = Convert.FromBase64String(sealedConfiguration.Body);
            signature = Convert.FromBase64String(sealedConfiguration.Signature);
        }
        catch (FormatException)
        {
            return VerificationResult.Reject("configuration body or signature is not base64");
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(body)), sealedConfiguration.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return VerificationResult.Reject("configuration sha256 mismatch");
        }

        if (!_key.VerifyData(body, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return VerificationResult.Reject("configuration signature invalid");
        }

        HostConfiguration configuration;
        try
        {
            configuration = FleetJson.Deserialize<HostConfiguration>(body);
        }
        catch (JsonException e)
        {
            return VerificationResult.Reject($"configuration is not a host-state document: {e.Message}");
        }

        if (configuration.SchemaVersion != HostConfiguration.CurrentSchemaVersion)
        {
            return VerificationResult.Reject($"configuration schema {configuration.SchemaVersion} not supported");
        }

        if (!string.Equals(configuration.InstanceId, instanceId, StringComparison.Ordinal))
        {
            return VerificationResult.Reject($"configuration is for instance {configuration.InstanceId}, not {instanceId}");
        }

        return new VerificationResult(configuration, null);
    }

    public void Dispose() => _key.Dispose();
}
