using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Armvisor.Fleet.Metadata;

/// <summary>
/// The admin API (provisioning.md §7.1, Firecracker MMDS style): <c>PUT /admin/v1/instances/{id}</c> replaces an
/// instance's document, <c>PATCH</c> with <c>application/merge-patch+json</c> merges (RFC 7396), <c>GET</c> reads it
/// (secrets redacted), <c>DELETE</c> removes it, <c>POST …/revoke-secrets</c> revokes its secrets. Bearer token.
/// </summary>
public sealed partial class MetadataService
{
    private const string AdminPrefix = "/admin/v1/instances";

    private async Task HandleAdminAsync(HttpContext context, string path)
    {
        string expected = "Bearer " + _options.AdminToken;
        string given = context.Request.Headers.Authorization.ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            await Status(context, 401).ConfigureAwait(false);
            return;
        }

        if (!path.StartsWith(AdminPrefix, StringComparison.Ordinal))
        {
            await Status(context, 404).ConfigureAwait(false);
            return;
        }

        var parts = path[AdminPrefix.Length..].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string method = context.Request.Method;
        if (parts.Length == 0 && HttpMethods.IsGet(method))
        {
            var ids = new JsonArray(Registry.InstanceIds.Select(i => (JsonNode?)i).ToArray());
            await Json(context, 200, ids).ConfigureAwait(false);
            return;
        }

        if (parts.Length == 2 && parts[1] == "revoke-secrets" && HttpMethods.IsPost(method))
        {
            Registry.RevokeSecrets(parts[0]);
            await Status(context, Registry.Get(parts[0]) is null ? 404 : 204).ConfigureAwait(false);
            return;
        }

        if (parts.Length != 1)
        {
            await Status(context, 404).ConfigureAwait(false);
            return;
        }

        string id = parts[0];
        if (HttpMethods.IsGet(method))
        {
            var current = Registry.Get(id);
            await (current is null ? Status(context, 404) : Json(context, 200, MetadataTree.Redact(current.Document))).ConfigureAwait(false);
        }
        else if (HttpMethods.IsDelete(method))
        {
            await Status(context, Registry.Delete(id) ? 204 : 404).ConfigureAwait(false);
        }
        else if (HttpMethods.IsPut(method))
        {
            var body = await ReadJsonAsync(context).ConfigureAwait(false);
            if (body is not JsonObject document)
            {
                await Text(context, 400, "body must be a JSON object").ConfigureAwait(false);
                return;
            }

            string? reason = Registry.Put(id, document);
            _log.LogInformation("admin PUT {Instance}: {Document}", id, MetadataTree.Redact(document).ToJsonString());
            await (reason is null ? Status(context, 204) : Text(context, 400, reason)).ConfigureAwait(false);
        }
        else if (HttpMethods.IsPatch(method))
        {
            if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/merge-patch+json", StringComparison.OrdinalIgnoreCase))
            {
                await Status(context, 415).ConfigureAwait(false);
                return;
            }

            var patch = await ReadJsonAsync(context).ConfigureAwait(false);
            var (found, reason) = Registry.Patch(id, patch);
            if (found && Registry.Get(id) is InstanceMetadata patched)
            {
                _log.LogInformation("admin PATCH {Instance}: now {Document}", id, MetadataTree.Redact(patched.Document).ToJsonString());
            }

            await (!found ? Status(context, 404) : reason is null ? Status(context, 204) : Text(context, 400, reason)).ConfigureAwait(false);
        }
        else
        {
            context.Response.Headers.Allow = "GET, PUT, PATCH, DELETE";
            await Status(context, 405).ConfigureAwait(false);
        }
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task Json(HttpContext context, int status, JsonNode node)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(node.ToJsonString(), context.RequestAborted);
    }
}
