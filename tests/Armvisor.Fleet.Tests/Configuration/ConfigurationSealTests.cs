using System.Text;
using Armvisor.Fleet.Configuration;

namespace Armvisor.Fleet.Tests.Configuration;

public sealed class ConfigurationSealTests
{
    private static HostConfiguration Config(string instanceId = "i-0123456789abcdef0") =>
        new HostTemplate().Generate("host-0001", 1, instanceId);

    [Fact]
    public void Verify_SealedByFleetKey_ReturnsConfiguration()
    {
        using var signer = ConfigurationSeal.CreateSigningKey();
        using var verifier = ConfigurationSeal.FromPem(signer.ExportPublicKeyPem());
        var result = verifier.Verify(signer.Seal(Config()), "i-0123456789abcdef0");
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("armvisor-0001", result.Configuration!.Hostname);
        Assert.Equal("10.0.0.1/16", result.Configuration.ManagementAddress);
    }

    [Fact]
    public void Verify_BodyChangedAfterSealing_RejectsOnHash()
    {
        using var signer = ConfigurationSeal.CreateSigningKey();
        var sealedConfiguration = signer.Seal(Config());
        string body = Encoding.UTF8.GetString(Convert.FromBase64String(sealedConfiguration.Body)).Replace("armvisor-0001", "armvisor-0666", StringComparison.Ordinal);
        var tampered = sealedConfiguration with { Body = Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) };
        var result = signer.Verify(tampered, "i-0123456789abcdef0");
        Assert.False(result.IsValid);
        Assert.Contains("sha256", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_HashRecomputedButNotResigned_RejectsOnSignature()
    {
        using var signer = ConfigurationSeal.CreateSigningKey();
        var sealedConfiguration = signer.Seal(Config());
        byte[] body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Convert.FromBase64String(sealedConfiguration.Body)).Replace("armvisor-0001", "armvisor-0666", StringComparison.Ordinal));
        var tampered = sealedConfiguration with { Body = Convert.ToBase64String(body), Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)) };
        var result = signer.Verify(tampered, "i-0123456789abcdef0");
        Assert.False(result.IsValid);
        Assert.Contains("signature", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OtherFleetKey_Rejects()
    {
        using var signer = ConfigurationSeal.CreateSigningKey();
        using var other = ConfigurationSeal.CreateSigningKey();
        Assert.False(other.Verify(signer.Seal(Config()), "i-0123456789abcdef0").IsValid);
    }

    [Fact]
    public void Verify_ConfigurationForAnotherInstance_Rejects()
    {
        using var signer = ConfigurationSeal.CreateSigningKey();
        var result = signer.Verify(signer.Seal(Config("i-0000000000000000a")), "i-0000000000000000b");
        Assert.False(result.IsValid);
        Assert.Contains("not i-0000000000000000b", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_Missing_Rejects() =>
        Assert.Equal("configuration missing", ConfigurationSeal.CreateSigningKey().Verify(null, "i-1").Reason);

    [Fact]
    public void Seal_WithPublicKeyOnly_Throws()
    {
        using var signer = ConfigurationSeal.CreateSigningKey();
        using var verifier = ConfigurationSeal.FromPem(signer.ExportPublicKeyPem());
        Assert.Throws<Common.FleetConfigurationException>(() => verifier.Seal(Config()));
    }
}
