using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Armvisor.Fleet.Metadata;

/// <summary>
/// The NoCloud seed route stock cloud-init reads (provisioning.md §2.1): <c>/nocloud/{file}</c> or
/// <c>/nocloud/{instance-id}/{file}</c>, files meta-data (YAML with instance-id), user-data, vendor-data (200 and
/// empty when unset: a 404 costs ~10 s of retries, §2.3) and network-config. No token: cloud-init on a non-AWS
/// platform never asks for one, so the caller is authenticated by source address only, and the route never serves
/// secret paths.
/// </summary>
public sealed partial class MetadataService
{
    private async Task HandleNoCloudAsync(HttpContext context, string path)
    {
        if (!IsRead(context.Request.Method))
        {
            await MethodNotAllowed(context).ConfigureAwait(false);
            return;
        }

        var parts = path.Trim('/').Split('/');
        var instance = Caller(context);
        string? file = parts.Length switch
        {
            2 => parts[1],
            3 when instance is not null && string.Equals(parts[1], instance.InstanceId, StringComparison.Ordinal) => parts[2],
            _ => null,
        };
        if (instance is null || !instance.Enabled || file is null)
        {
            await Status(context, 404).ConfigureAwait(false);
            return;
        }

        if (Throttled(instance))
        {
            await RetryLater(context, "throttled").ConfigureAwait(false);
            return;
        }

        Statistics.DataRead(instance.InstanceId);
        await (file switch
        {
            "meta-data" => Text(context, 200, NoCloudMetaData(instance)),
            "user-data" => Text(context, 200, instance.UserData ?? string.Empty),
            "vendor-data" => Text(context, 200, instance.VendorData ?? string.Empty),
            "network-config" when instance.NetworkConfig is string n => Text(context, 200, n),
            _ => Status(context, 404),
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The top-level string leaves of the meta-data as YAML (each value a JSON string, which is a valid YAML
    /// double-quoted scalar), instance-id first, secret paths left out.
    /// </summary>
    private static string NoCloudMetaData(InstanceMetadata instance)
    {
        var yaml = new StringBuilder();
        yaml.Append("instance-id: ").Append(JsonSerializer.Serialize(instance.InstanceId)).Append('\n');
        foreach (var (name, value) in instance.MetaData)
        {
            if (name == "instance-id" || instance.SecretPaths.Contains(name, StringComparer.Ordinal) || value is not JsonValue leaf || !leaf.TryGetValue(out string? text))
            {
                continue;
            }

            yaml.Append(name).Append(": ").Append(JsonSerializer.Serialize(text)).Append('\n');
        }

        return yaml.ToString();
    }
}
