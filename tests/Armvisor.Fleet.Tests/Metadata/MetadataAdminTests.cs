using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Armvisor.Fleet.Tests.Metadata;

/// <summary>The admin API (PUT, RFC 7396 merge-PATCH), instance isolation, secret revocation and log redaction.</summary>
public sealed class MetadataAdminTests
{
    private sealed class CapturingLoggers : ILoggerFactory, ILoggerProvider, ILogger
    {
        private readonly List<string> _lines = [];

        /// <summary>A snapshot of the lines logged so far (writers run on server threads).</summary>
        public string[] Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public void AddProvider(ILoggerProvider provider) { }

        // Only the service's own categories: the framework's (Kestrel, hosting) log from connection threads and are not
        // what this test is about.
        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith("Microsoft.", StringComparison.Ordinal) || categoryName.StartsWith("System.", StringComparison.Ordinal)
                ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance
                : this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
            }
        }

        public void Dispose() { }
    }

    private static StringContent MergePatch(string json) =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/merge-patch+json"));

    [Fact]
    public async Task Put_ThenGetAsInstance_ServesDocument()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        using var admin = fixture.Admin();
        var put = await admin.PutAsync("admin/v1/instances/i-1", new StringContent("""{"address":"127.9.2.2","httpTokens":"optional","metaData":{"instance-id":"i-1","local-hostname":"h1"}}"""));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        using var instance = fixture.As("127.9.2.2");
        Assert.Equal("h1", await instance.GetStringAsync("latest/meta-data/local-hostname"));
    }

    [Fact]
    public async Task Patch_MergePatch_ChangesLeafAndRemovesNullMember()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        fixture.AddInstance("i-2", "127.9.2.3", tokens: "optional");
        using var admin = fixture.Admin();
        var patch = await admin.PatchAsync("admin/v1/instances/i-2", MergePatch("""{"metaData":{"local-hostname":"renamed","local-ipv4":null}}"""));
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        using var instance = fixture.As("127.9.2.3");
        Assert.Equal("renamed", await instance.GetStringAsync("latest/meta-data/local-hostname"));
        Assert.Equal(HttpStatusCode.NotFound, (await instance.GetAsync("latest/meta-data/local-ipv4")).StatusCode);
        Assert.Equal("i-2", await instance.GetStringAsync("latest/meta-data/instance-id"));
    }

    [Fact]
    public async Task Patch_PlainJsonContentType_Returns415()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        fixture.AddInstance("i-3", "127.9.2.4");
        using var admin = fixture.Admin();
        var patch = await admin.PatchAsync("admin/v1/instances/i-3", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, patch.StatusCode);
    }

    [Fact]
    public async Task Patch_UnknownInstance_Returns404()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        using var admin = fixture.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsync("admin/v1/instances/i-none", MergePatch("{}"))).StatusCode);
    }

    [Fact]
    public async Task Admin_WithoutBearerToken_Returns401()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = fixture.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("admin/v1/instances")).StatusCode);
    }

    [Fact]
    public async Task Put_AddressOwnedByAnotherInstance_Returns400()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        fixture.AddInstance("i-4", "127.9.2.5");
        using var admin = fixture.Admin();
        var put = await admin.PutAsync("admin/v1/instances/i-5", new StringContent("""{"address":"127.9.2.5"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
    }

    [Fact]
    public async Task RevokeSecrets_SecretPathServedBefore_404After()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        fixture.AddInstance("i-6", "127.9.2.6", tokens: "optional", extraMeta: new JsonObject { ["armvisor"] = new JsonObject { ["host-state"] = "SECRET-VALUE" } });
        fixture.Registry.Patch("i-6", JsonNode.Parse("""{"secretPaths":["armvisor/host-state"]}"""));
        using var instance = fixture.As("127.9.2.6");
        Assert.Equal("SECRET-VALUE", await instance.GetStringAsync("latest/meta-data/armvisor/host-state"));
        using var admin = fixture.Admin();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("admin/v1/instances/i-6/revoke-secrets", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await instance.GetAsync("latest/meta-data/armvisor/host-state")).StatusCode);
        Assert.Equal("i-6", await instance.GetStringAsync("latest/meta-data/instance-id"));
    }

    [Fact]
    public async Task AdminLogsAndGet_SecretValues_AreRedacted()
    {
        var loggers = new CapturingLoggers();
        await using var fixture = await MetadataFixture.StartAsync(loggers: loggers);
        using var admin = fixture.Admin();

        (await admin.PutAsync("admin/v1/instances/i-7", new StringContent(
            """{"address":"127.9.2.7","metaData":{"instance-id":"i-7","armvisor":{"host-state":"TOPSECRET-1"}},"userData":"password=TOPSECRET-2","secretPaths":["armvisor/host-state"]}"""))).EnsureSuccessStatusCode();
        (await admin.PatchAsync("admin/v1/instances/i-7", MergePatch("""{"metaData":{"armvisor":{"host-state":"TOPSECRET-3"}}}"""))).EnsureSuccessStatusCode();
        string read = await admin.GetStringAsync("admin/v1/instances/i-7");

        // The request log line may be written after the response has reached the client: wait for it, bounded.
        string logs = "";
        for (int attempt = 0; attempt < 100 && !logs.Contains("admin PUT i-7", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50);
            logs = string.Join('\n', loggers.Lines);
        }

        Assert.Contains("admin PUT i-7", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { "TOPSECRET-1", "TOPSECRET-2", "TOPSECRET-3" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, read, StringComparison.Ordinal);
        }
    }
}
