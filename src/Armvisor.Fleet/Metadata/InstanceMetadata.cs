using System.Net;
using System.Text.Json.Nodes;

namespace Armvisor.Fleet.Metadata;

/// <summary>
/// One instance's metadata, immutable: an admin PUT or PATCH builds a new snapshot and swaps it in, so a guest reads
/// either the old or the new document, never a mix (as Firecracker MMDS). <see cref="Document"/> is the admin
/// document the PUT/PATCH operate on:
/// <code>
/// { "address": "127.0.0.5", "httpTokens": "required", "hopLimit": 1, "httpEndpoint": "enabled",
///   "metaData": { "instance-id": "i-…", "local-hostname": "…", … }, "userData": "…", "vendorData": "",
///   "networkConfig": "…", "secretPaths": ["armvisor/host-state"], "pendingPaths": ["armvisor/host-state"] }
/// </code>
/// </summary>
public sealed class InstanceMetadata
{
    /// <summary>EC2 user-data limit (provisioning.md §1.1).</summary>
    public const int MaxUserDataBytes = 16 * 1024;

    public InstanceMetadata(string instanceId, JsonObject document)
    {
        InstanceId = instanceId;
        Document = document;
        string address = (string?)document["address"] ?? throw new ArgumentException("address is required", nameof(document));
        Address = IPAddress.Parse(address);
        Tokens = string.Equals((string?)document["httpTokens"], "optional", StringComparison.OrdinalIgnoreCase) ? HttpTokensMode.Optional : HttpTokensMode.Required;
        HopLimit = (int?)document["hopLimit"] ?? 1;
        Enabled = !string.Equals((string?)document["httpEndpoint"], "disabled", StringComparison.OrdinalIgnoreCase);
        MetaData = document["metaData"] as JsonObject ?? new JsonObject();
        UserData = (string?)document["userData"];
        VendorData = (string?)document["vendorData"];
        NetworkConfig = (string?)document["networkConfig"];
        SecretPaths = ReadList(document["secretPaths"]);
        PendingPaths = ReadList(document["pendingPaths"]);
    }

    public string InstanceId { get; }

    public JsonObject Document { get; }

    public IPAddress Address { get; }

    public HttpTokensMode Tokens { get; }

    /// <summary><c>HttpPutResponseHopLimit</c>: the IP TTL of the token PUT's response, 1..64.</summary>
    public int HopLimit { get; }

    public bool Enabled { get; }

    public JsonObject MetaData { get; }

    public string? UserData { get; }

    public string? VendorData { get; }

    public string? NetworkConfig { get; }

    /// <summary>Meta-data paths holding secrets: revoked (removed) once the host is provisioned, redacted in logs.</summary>
    public IReadOnlyList<string> SecretPaths { get; }

    /// <summary>Meta-data paths the daemon will store but has not yet: a GET answers 503 + Retry-After, not 404.</summary>
    public IReadOnlyList<string> PendingPaths { get; }

    /// <summary>Validates an admin document; returns the reason it is refused, or null.</summary>
    public static string? Validate(JsonObject document)
    {
        if (document["address"] is not JsonValue a || !IPAddress.TryParse((string?)a, out _))
        {
            return "address must be an IP address";
        }

        if (document["hopLimit"] is JsonNode hop && ((int?)hop is not int h || h is < 1 or > 64))
        {
            return "hopLimit must be 1..64";
        }

        if (document["httpTokens"] is JsonNode t && (string?)t is not ("optional" or "required"))
        {
            return "httpTokens must be optional or required";
        }

        if (document["metaData"] is JsonNode m && m is not JsonObject)
        {
            return "metaData must be an object";
        }

        if ((string?)document["userData"] is string u && System.Text.Encoding.UTF8.GetByteCount(u) > MaxUserDataBytes)
        {
            return "userData exceeds 16 KB";
        }

        return null;
    }

    private static string[] ReadList(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n).OfType<string>().ToArray() : [];
}
