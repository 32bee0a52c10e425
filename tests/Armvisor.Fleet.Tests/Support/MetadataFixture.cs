using System.Net;
using System.Text.Json.Nodes;
using Armvisor.Fleet.Metadata;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>A metadata service on loopback with helpers to register instances and talk as them.</summary>
public sealed class MetadataFixture : IAsyncDisposable
{
    private MetadataFixture(MetadataService service) => Service = service;

    public MetadataService Service { get; }

    public MetadataRegistry Registry => Service.Registry;

    public Uri BaseAddress => Service.BaseAddress;

    public static async Task<MetadataFixture> StartAsync(MetadataServiceOptions? options = null, IHostEventSink? events = null, Microsoft.Extensions.Logging.ILoggerFactory? loggers = null)
    {
        var service = new MetadataService(options ?? new MetadataServiceOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, new MetadataRegistry(), events, loggers);
        await service.StartAsync();
        return new MetadataFixture(service);
    }

    /// <summary>Registers an instance with a small EC2-like tree; returns its admin document.</summary>
    public JsonObject AddInstance(string instanceId, string address, string tokens = "required", JsonObject? extraMeta = null)
    {
        var meta = new JsonObject
        {
            ["instance-id"] = instanceId,
            ["local-hostname"] = "host-" + instanceId,
            ["local-ipv4"] = "10.0.0.5",
            ["public-keys"] = new JsonObject { ["0=fleet-key"] = new JsonObject { ["openssh-key"] = "ssh-ed25519 AAAA fleet" } },
            ["placement"] = new JsonObject { ["availability-zone"] = "local-1a" },
        };
        foreach (var (k, v) in extraMeta ?? [])
        {
            meta[k] = v?.DeepClone();
        }

        var document = new JsonObject { ["address"] = address, ["httpTokens"] = tokens, ["metaData"] = meta };
        Assert.Null(Registry.Put(instanceId, document));
        return document;
    }

    public HttpClient As(string address) => LoopbackHttp.From(address, BaseAddress);

    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Service.AdminToken);
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient client, int ttl = 60)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "latest/api/token");
        request.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", ttl.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path, string? token = null, string method = "GET")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null)
        {
            request.Headers.Add("X-aws-ec2-metadata-token", token);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public ValueTask DisposeAsync() => Service.DisposeAsync();
}
