using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Armvisor.Fleet.Metadata;

/// <summary>The IMDSv2 surface, byte-compatible with EC2 (provisioning.md §1.1, §7.1).</summary>
public sealed partial class MetadataService
{
    /// <summary>The versions <c>GET /</c> lists; a PUT for a token is allowed only on <c>latest</c>.</summary>
    internal static readonly string[] Versions =
    [
        "1.0", "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10", "2007-12-15", "2008-02-01", "2008-09-01",
        "2009-04-04", "2011-01-01", "2011-05-01", "2012-01-12", "2014-02-25", "2014-11-05", "2015-10-20", "2016-04-19",
        "2016-06-30", "2016-09-02", "2018-03-28", "2018-08-17", "2018-09-24", "2019-10-01", "2020-10-27", "2021-01-03",
        "2021-03-23", "latest",
    ];

    private static readonly string[] TtlHeaders = ["X-aws-ec2-metadata-token-ttl-seconds", "X-metadata-token-ttl-seconds"];
    private static readonly string[] TokenHeaders = ["X-aws-ec2-metadata-token", "X-metadata-token"];

    private async Task HandleImdsAsync(HttpContext context, string path)
    {
        var request = context.Request;
        if (path == "/")
        {
            if (!IsRead(request.Method))
            {
                await MethodNotAllowed(context).ConfigureAwait(false);
                return;
            }

            await Text(context, 200, string.Join('\n', Versions)).ConfigureAwait(false);
            return;
        }

        var segments = path.Trim('/').Split('/', 2);
        string version = segments[0];
        string rest = segments.Length > 1 ? segments[1] : string.Empty;
        if (Array.IndexOf(Versions, version) < 0)
        {
            await Status(context, 404).ConfigureAwait(false);
            return;
        }

        if (rest == "api/token")
        {
            await PutTokenAsync(context, version).ConfigureAwait(false);
            return;
        }

        if (!IsRead(request.Method))
        {
            await MethodNotAllowed(context).ConfigureAwait(false);
            return;
        }

        var instance = await AuthorizeReadAsync(context).ConfigureAwait(false);
        if (instance is null)
        {
            return;
        }

        Statistics.DataRead(instance.InstanceId);
        bool json = request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));
        if (rest.Length == 0)
        {
            await Text(context, 200, "dynamic\nmeta-data\nuser-data").ConfigureAwait(false);
        }
        else if (rest == "user-data")
        {
            await (instance.UserData is string userData ? Text(context, 200, userData) : Status(context, 404)).ConfigureAwait(false);
        }
        else if (rest == "meta-data" || rest.StartsWith("meta-data/", StringComparison.Ordinal))
        {
            await ServeMetaData(context, instance, rest.Length > "meta-data/".Length ? rest["meta-data/".Length..] : string.Empty, json).ConfigureAwait(false);
        }
        else if (rest == "dynamic" || rest.StartsWith("dynamic/", StringComparison.Ordinal))
        {
            await ServeDynamic(context, instance, rest).ConfigureAwait(false);
        }
        else
        {
            await Status(context, 404).ConfigureAwait(false);
        }
    }

    private async Task PutTokenAsync(HttpContext context, string version)
    {
        var request = context.Request;
        if (!HttpMethods.IsPut(request.Method))
        {
            context.Response.Headers.Allow = "PUT";
            await Status(context, 405).ConfigureAwait(false);
            return;
        }

        // "A PUT to a version path ... returns 403" and "a PUT that carries X-Forwarded-For is rejected" (§1.1, §1.2).
        if (version != "latest" || request.Headers.ContainsKey("X-Forwarded-For"))
        {
            await Status(context, 403).ConfigureAwait(false);
            return;
        }

        var instance = Caller(context);
        if (instance is null || !instance.Enabled)
        {
            await Status(context, 403).ConfigureAwait(false);
            return;
        }

        string? ttlText = TtlHeaders.Select(h => (string?)request.Headers[h]).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (ttlText is null || !int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out int ttl)
            || ttl < ImdsTokens.MinTtlSeconds || ttl > ImdsTokens.MaxTtlSeconds)
        {
            await Status(context, 400).ConfigureAwait(false);
            return;
        }

        if (Throttled(instance))
        {
            await RetryLater(context, "throttled").ConfigureAwait(false);
            return;
        }

        // The PUT response leaves with IP TTL = HttpPutResponseHopLimit (§1.2 barrier 3).
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is Socket socket && socket.AddressFamily == AddressFamily.InterNetwork)
        {
            socket.Ttl = (short)instance.HopLimit;
        }

        Statistics.Token();
        context.Response.Headers[TtlHeaders[0]] = ttl.ToString(CultureInfo.InvariantCulture);
        await Text(context, 200, _tokens.Issue(instance.InstanceId, ttl)).ConfigureAwait(false);
    }

    /// <summary>Applies the token rules to a read; writes the refusal and returns null when it is refused.</summary>
    private async Task<InstanceMetadata?> AuthorizeReadAsync(HttpContext context)
    {
        var instance = Caller(context);
        if (instance is null || !instance.Enabled)
        {
            await Status(context, 403).ConfigureAwait(false);
            return null;
        }

        string? token = TokenHeaders.Select(h => (string?)context.Request.Headers[h]).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (token is not null)
        {
            // A token issued to another instance is rejected like a forged one.
            if (!string.Equals(_tokens.Validate(token), instance.InstanceId, StringComparison.Ordinal))
            {
                await Status(context, 401).ConfigureAwait(false);
                return null;
            }
        }
        else if (instance.Tokens == HttpTokensMode.Required)
        {
            await Status(context, 401).ConfigureAwait(false);
            return null;
        }
        else
        {
            Statistics.NoToken();
        }

        if (Throttled(instance))
        {
            await RetryLater(context, "throttled").ConfigureAwait(false);
            return null;
        }

        return instance;
    }

    private Task ServeMetaData(HttpContext context, InstanceMetadata instance, string path, bool json)
    {
        string trimmed = path.TrimEnd('/');
        if (!MetadataTree.TryFind(instance.MetaData, trimmed, out var node))
        {
            return instance.PendingPaths.Contains(trimmed, StringComparer.Ordinal)
                ? RetryLater(context, "not ready yet")
                : Status(context, 404);
        }

        if (json)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(node?.ToJsonString() ?? "null", context.RequestAborted);
        }

        return Text(context, 200, MetadataTree.Render(node));
    }

    private Task ServeDynamic(HttpContext context, InstanceMetadata instance, string rest)
    {
        return rest.TrimEnd('/') switch
        {
            "dynamic" => Text(context, 200, "instance-identity/"),
            "dynamic/instance-identity" => Text(context, 200, "document\nsignature"),
            "dynamic/instance-identity/document" => Text(context, 200, IdentityDocument(instance)),
            "dynamic/instance-identity/signature" => Text(context, 200, Convert.ToBase64String(
                _identityKey.SignData(Encoding.UTF8.GetBytes(IdentityDocument(instance)), HashAlgorithmName.SHA256))),
            _ => Status(context, 404),
        };
    }

    /// <summary>The instance identity document (fields of §1.1), signed by the service's identity key.</summary>
    private static string IdentityDocument(InstanceMetadata instance)
    {
        var meta = instance.MetaData;
        var document = new JsonObject
        {
            ["accountId"] = "000000000000",
            ["architecture"] = "arm64",
            ["availabilityZone"] = (string?)meta["placement"]?["availability-zone"] ?? "local-1a",
            ["imageId"] = (string?)meta["ami-id"],
            ["instanceId"] = instance.InstanceId,
            ["instanceType"] = (string?)meta["instance-type"] ?? "armvisor.local",
            ["privateIp"] = (string?)meta["local-ipv4"],
            ["region"] = "local-1",
            ["version"] = "2017-09-30",
        };
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    private static Task MethodNotAllowed(HttpContext context)
    {
        context.Response.Headers.Allow = "GET, HEAD";
        return Status(context, 405);
    }
}
