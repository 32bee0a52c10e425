using System.Text.Json.Nodes;

namespace Armvisor.Fleet.Json;

/// <summary>
/// RFC 7396 JSON Merge Patch, §2 "Processing Merge Patch Documents": an object patch merges member by member, a
/// member whose value is null is removed, any non-object patch replaces the target whole.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>Returns the patched document; <paramref name="target"/> is not modified.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            var merged = Apply(result[name], value);
            result.Remove(name);
            result[name] = merged;
        }

        return result;
    }
}
