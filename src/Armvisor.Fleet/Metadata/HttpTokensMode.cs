namespace Armvisor.Fleet.Metadata;

/// <summary>IMDS <c>HttpTokens</c> (provisioning.md §1.1): optional = v1 and v2, required = v2 only.</summary>
public enum HttpTokensMode
{
    Optional,
    Required,
}
