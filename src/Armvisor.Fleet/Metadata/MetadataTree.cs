using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Armvisor.Fleet.Metadata;

/// <summary>
/// The IMDS text rendering of a JSON tree (provisioning.md §1.1): an object is a directory listed one name per line
/// with a trailing '/' on sub-directories; a name of the form <c>N=name</c> (public-keys) is listed as is and looked up
/// by its <c>N</c>; a leaf is its text.
/// </summary>
public static class MetadataTree
{
    /// <summary>Finds the node at a '/'-separated path (empty = root). Returns false when it does not exist.</summary>
    public static bool TryFind(JsonObject root, string path, out JsonNode? node)
    {
        node = root;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node is not JsonObject directory)
            {
                return false;
            }

            if (directory.TryGetPropertyValue(segment, out var child))
            {
                node = child;
                continue;
            }

            // public-keys/0 finds the entry listed as "0=name".
            var indexed = directory.FirstOrDefault(kv => kv.Key.StartsWith(segment + "=", StringComparison.Ordinal));
            if (indexed.Key is null)
            {
                return false;
            }

            node = indexed.Value;
        }

        return true;
    }

    /// <summary>The text a GET of this node returns.</summary>
    public static string Render(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject directory:
                var listing = new StringBuilder();
                foreach (var (name, value) in directory)
                {
                    if (listing.Length > 0)
                    {
                        listing.Append('\n');
                    }

                    listing.Append(name);
                    if (value is JsonObject && !name.Contains('=', StringComparison.Ordinal))
                    {
                        listing.Append('/');
                    }
                }

                return listing.ToString();
            case JsonArray array:
                return string.Join('\n', array.Select(Render));
            case JsonValue value when value.TryGetValue(out string? s):
                return s;
            case JsonValue value:
                return Convert.ToString(value.GetValue<object>(), CultureInfo.InvariantCulture) ?? string.Empty;
            default:
                return string.Empty;
        }
    }

    public static bool Remove(JsonObject root, string path)
    {
        int slash = path.LastIndexOf('/');
        string parent = slash < 0 ? string.Empty : path[..slash];
        string leaf = slash < 0 ? path : path[(slash + 1)..];
        return TryFind(root, parent, out var node) && node is JsonObject directory && directory.Remove(leaf);
    }

    /// <summary>A copy of an admin document with every secret path's value replaced, for logs.</summary>
    public static JsonObject Redact(JsonObject document)
    {
        var copy = (JsonObject)document.DeepClone();
        if (copy["metaData"] is JsonObject meta && document["secretPaths"] is JsonArray secrets)
        {
            foreach (var path in secrets.Select(n => (string?)n).OfType<string>())
            {
                int slash = path.LastIndexOf('/');
                string parent = slash < 0 ? string.Empty : path[..slash];
                string leaf = slash < 0 ? path : path[(slash + 1)..];
                if (TryFind(meta, parent, out var node) && node is JsonObject directory && directory.ContainsKey(leaf))
                {
                    directory[leaf] = "[redacted]";
                }
            }
        }

        if (copy.ContainsKey("userData"))
        {
            copy["userData"] = "[redacted]";
        }

        return copy;
    }
}
