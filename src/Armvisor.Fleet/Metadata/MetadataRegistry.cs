using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Armvisor.Fleet.Json;

namespace Armvisor.Fleet.Metadata;

/// <summary>
/// The metadata service's store: instance id → immutable <see cref="InstanceMetadata"/>, and source address →
/// instance id (how a cloud knows which instance a request to 169.254.169.254 came from).
/// </summary>
public sealed class MetadataRegistry
{
    private readonly ConcurrentDictionary<string, InstanceMetadata> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, string> _byAddress = new();
    private readonly Lock _writeLock = new();

    public int Count => _byId.Count;

    public IReadOnlyList<string> InstanceIds => _byId.Keys.Order(StringComparer.Ordinal).ToList();

    public InstanceMetadata? Get(string instanceId) => _byId.GetValueOrDefault(instanceId);

    public InstanceMetadata? FindByAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return _byAddress.TryGetValue(address, out var id) ? Get(id) : null;
    }

    /// <summary>Replaces the instance's admin document (PUT). Returns the refusal reason, or null.</summary>
    public string? Put(string instanceId, JsonObject document)
    {
        if (InstanceMetadata.Validate(document) is string reason)
        {
            return reason;
        }

        lock (_writeLock)
        {
            var next = new InstanceMetadata(instanceId, (JsonObject)document.DeepClone());
            if (_byAddress.TryGetValue(next.Address, out var owner) && !string.Equals(owner, instanceId, StringComparison.Ordinal))
            {
                return $"address {next.Address} belongs to {owner}";
            }

            if (_byId.TryGetValue(instanceId, out var previous) && !previous.Address.Equals(next.Address))
            {
                _byAddress.TryRemove(previous.Address, out _);
            }

            _byId[instanceId] = next;
            _byAddress[next.Address] = instanceId;
            return null;
        }
    }

    /// <summary>RFC 7396 merge-PATCH of the admin document. Returns (found, refusal reason).</summary>
    public (bool Found, string? Reason) Patch(string instanceId, JsonNode? patch)
    {
        lock (_writeLock)
        {
            if (!_byId.TryGetValue(instanceId, out var current))
            {
                return (false, null);
            }

            if (JsonMergePatch.Apply(current.Document, patch) is not JsonObject merged)
            {
                return (true, "the patched document must stay an object");
            }

            return (true, Put(instanceId, merged));
        }
    }

    public bool Delete(string instanceId)
    {
        lock (_writeLock)
        {
            if (!_byId.TryRemove(instanceId, out var removed))
            {
                return false;
            }

            _byAddress.TryRemove(removed.Address, out _);
            return true;
        }
    }

    /// <summary>Removes every secret path from the instance's meta-data (provisioning.md §7.2: revoke after Provisioned).</summary>
    public bool RevokeSecrets(string instanceId)
    {
        lock (_writeLock)
        {
            if (!_byId.TryGetValue(instanceId, out var current) || current.SecretPaths.Count == 0)
            {
                return false;
            }

            var document = (JsonObject)current.Document.DeepClone();
            if (document["metaData"] is JsonObject meta)
            {
                foreach (var path in current.SecretPaths)
                {
                    MetadataTree.Remove(meta, path);
                }
            }

            document["secretPaths"] = new JsonArray();
            document["secretsRevoked"] = true;
            _byId[instanceId] = new InstanceMetadata(instanceId, document);
            return true;
        }
    }
}
