namespace Armvisor.Integration.Tests.Network;

/// <summary>A fact skipped, with the reason, where the sandbox does not let a test make network namespaces and TAP devices.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresNetworkNamespaceFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_unavailable = new(HostNetworkNamespace.Unavailable);

    public RequiresNetworkNamespaceFactAttribute()
    {
        if (s_unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
