namespace Armvisor.Fleet.Configuration;

/// <summary>The outcome of checking a sealed configuration; <see cref="Reason"/> says why it was rejected.</summary>
public sealed record VerificationResult(HostConfiguration? Configuration, string? Reason)
{
    public bool IsValid => Configuration is not null;

    public static VerificationResult Reject(string reason) => new(null, reason);
}
