using System.Net;
using System.Text.Json.Nodes;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Metadata;

/// <summary>IMDSv2 rules of provisioning.md §1.1 and the numbers of §7.4, against the real Kestrel service on loopback.</summary>
public sealed class ImdsConformanceTests : IAsyncLifetime
{
    private const string A = "127.9.0.2";
    private const string B = "127.9.0.3";
    private MetadataFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _fixture = await MetadataFixture.StartAsync(new MetadataServiceOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), RequestsPerSecondPerInstance = 1000 });
        _fixture.AddInstance("i-aaaaaaaaaaaaaaaaa", A);
        _fixture.AddInstance("i-bbbbbbbbbbbbbbbbb", B, tokens: "optional");
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    private async Task<HttpStatusCode> PutTokenStatus(string ttl, string path = "latest/api/token", string header = "X-aws-ec2-metadata-token-ttl-seconds", bool forwarded = false)
    {
        using var client = _fixture.As(A);
        using var request = new HttpRequestMessage(HttpMethod.Put, path);
        if (ttl.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(header, ttl);
        }

        if (forwarded)
        {
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21601")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task PutToken_TtlOutsideOneTo21600_Returns400(string ttl) =>
        Assert.Equal(HttpStatusCode.BadRequest, await PutTokenStatus(ttl));

    [Theory]
    [InlineData("1")]
    [InlineData("21600")]
    public async Task PutToken_TtlAtBounds_Returns200(string ttl) =>
        Assert.Equal(HttpStatusCode.OK, await PutTokenStatus(ttl));

    [Fact]
    public async Task PutToken_FirecrackerTtlHeader_Returns200() =>
        Assert.Equal(HttpStatusCode.OK, await PutTokenStatus("60", header: "X-metadata-token-ttl-seconds"));

    [Fact]
    public async Task PutToken_VersionPath_Returns403() =>
        Assert.Equal(HttpStatusCode.Forbidden, await PutTokenStatus("60", path: "2021-03-23/api/token"));

    [Fact]
    public async Task PutToken_WithXForwardedFor_Returns403() =>
        Assert.Equal(HttpStatusCode.Forbidden, await PutTokenStatus("60", forwarded: true));

    [Fact]
    public async Task PutToken_ResponseEchoesTtlHeader()
    {
        using var client = _fixture.As(A);
        using var request = new HttpRequestMessage(HttpMethod.Put, "latest/api/token");
        request.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "300");
        using var response = await client.SendAsync(request);
        Assert.Equal("300", response.Headers.GetValues("X-aws-ec2-metadata-token-ttl-seconds").Single());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_WithoutTokenWhenRequired_Returns401()
    {
        using var client = _fixture.As(A);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MetadataFixture.GetAsync(client, "latest/meta-data/instance-id")).Status);
    }

    [Fact]
    public async Task Get_WithoutTokenWhenOptional_ServesAndCountsNoToken()
    {
        using var client = _fixture.As(B);
        long before = _fixture.Service.Statistics.MetadataNoToken;
        var (status, body) = await MetadataFixture.GetAsync(client, "latest/meta-data/instance-id");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("i-bbbbbbbbbbbbbbbbb", body);
        Assert.True(_fixture.Service.Statistics.MetadataNoToken > before);
    }

    [Fact]
    public async Task Get_WithValidToken_ReturnsLeafAsTextPlain()
    {
        using var client = _fixture.As(A);
        string token = await MetadataFixture.TokenAsync(client);
        var (status, body) = await MetadataFixture.GetAsync(client, "latest/meta-data/instance-id", token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("i-aaaaaaaaaaaaaaaaa", body);
    }

    [Fact]
    public async Task Get_ForgedToken_Returns401()
    {
        using var client = _fixture.As(A);
        string token = await MetadataFixture.TokenAsync(client);
        string forged = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await MetadataFixture.GetAsync(client, "latest/meta-data/instance-id", forged)).Status);
    }

    [Fact]
    public async Task Get_TokenOfAnotherInstance_Returns401()
    {
        using var a = _fixture.As(A);
        using var b = _fixture.As(B);
        string tokenOfA = await MetadataFixture.TokenAsync(a);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MetadataFixture.GetAsync(b, "latest/meta-data/instance-id", tokenOfA)).Status);
    }

    [Fact]
    public async Task Get_HeadWithToken_Returns200WithoutBody()
    {
        using var client = _fixture.As(A);
        string token = await MetadataFixture.TokenAsync(client);
        var (status, body) = await MetadataFixture.GetAsync(client, "latest/meta-data/instance-id", token, "HEAD");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    public async Task Data_MethodOtherThanGetOrHead_Returns405(string method)
    {
        using var client = _fixture.As(A);
        string token = await MetadataFixture.TokenAsync(client);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await MetadataFixture.GetAsync(client, "latest/meta-data/instance-id", token, method)).Status);
    }

    [Fact]
    public async Task Get_MissingLeaf_Returns404()
    {
        using var client = _fixture.As(A);
        string token = await MetadataFixture.TokenAsync(client);
        Assert.Equal(HttpStatusCode.NotFound, (await MetadataFixture.GetAsync(client, "latest/meta-data/no-such-leaf", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await MetadataFixture.GetAsync(client, "latest/user-data", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await MetadataFixture.GetAsync(client, "1999-01-01/meta-data/", token)).Status);
    }

    [Fact]
    public async Task GetRoot_ListsVersionsEndingWithLatest()
    {
        using var client = _fixture.As(A);
        var (status, body) = await MetadataFixture.GetAsync(client, "/");
        Assert.Equal(HttpStatusCode.OK, status);
        var lines = body.Split('\n');
        Assert.Equal("1.0", lines[0]);
        Assert.Equal("latest", lines[^1]);
        Assert.Contains("2009-04-04", lines);
    }

    [Fact]
    public async Task GetMetaData_Directory_MarksSubdirectoriesWithSlash()
    {
        using var client = _fixture.As(A);
        string token = await MetadataFixture.TokenAsync(client);
        var (_, body) = await MetadataFixture.GetAsync(client, "latest/meta-data/", token);
        var lines = body.Split('\n');
        Assert.Contains("instance-id", lines);
        Assert.Contains("placement/", lines);
        Assert.Contains("public-keys/", lines);
    }

    [Fact]
    public async Task GetPublicKeys_IndexNameForm_AndKeyByIndex()
    {
        using var client = _fixture.As(A);
        string token = await MetadataFixture.TokenAsync(client);
        Assert.Equal("0=fleet-key", (await MetadataFixture.GetAsync(client, "latest/meta-data/public-keys/", token)).Body);
        Assert.Equal("openssh-key", (await MetadataFixture.GetAsync(client, "latest/meta-data/public-keys/0/", token)).Body);
        Assert.Equal("ssh-ed25519 AAAA fleet", (await MetadataFixture.GetAsync(client, "latest/meta-data/public-keys/0/openssh-key", token)).Body);
    }

    [Fact]
    public async Task Get_DatedVersion_ServesSameTree()
    {
        using var client = _fixture.As(A);
        string token = await MetadataFixture.TokenAsync(client);
        Assert.Equal("i-aaaaaaaaaaaaaaaaa", (await MetadataFixture.GetAsync(client, "2009-04-04/meta-data/instance-id", token)).Body);
    }

    [Fact]
    public async Task GetIdentityDocument_NamesInstanceAndArm64()
    {
        using var client = _fixture.As(A);
        string token = await MetadataFixture.TokenAsync(client);
        var (status, body) = await MetadataFixture.GetAsync(client, "latest/dynamic/instance-identity/document", token);
        Assert.Equal(HttpStatusCode.OK, status);
        var document = JsonNode.Parse(body)!;
        Assert.Equal("i-aaaaaaaaaaaaaaaaa", (string?)document["instanceId"]);
        Assert.Equal("arm64", (string?)document["architecture"]);
        Assert.Equal("2017-09-30", (string?)document["version"]);
        Assert.NotEmpty((await MetadataFixture.GetAsync(client, "latest/dynamic/instance-identity/signature", token)).Body);
    }

    [Fact]
    public async Task Get_AcceptJson_RendersJson()
    {
        using var client = _fixture.As(A);
        string token = await MetadataFixture.TokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, "latest/meta-data/placement/");
        request.Headers.Add("X-aws-ec2-metadata-token", token);
        request.Headers.Add("Accept", "application/json");
        using var response = await client.SendAsync(request);
        Assert.Equal("local-1a", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["availability-zone"]);
    }

    [Fact]
    public async Task Request_FromAddressOfNoInstance_Returns403()
    {
        using var stranger = _fixture.As("127.9.0.200");
        using var request = new HttpRequestMessage(HttpMethod.Put, "latest/api/token");
        request.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "60");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MetadataFixture.GetAsync(stranger, "latest/meta-data/instance-id")).Status);
    }

    [Fact]
    public async Task Endpoint_Disabled_Returns403()
    {
        _fixture.AddInstance("i-ddddddddddddddddd", "127.9.0.4");
        _fixture.Registry.Patch("i-ddddddddddddddddd", JsonNode.Parse("""{"httpEndpoint":"disabled"}"""));
        using var client = _fixture.As("127.9.0.4");
        Assert.Equal(HttpStatusCode.Forbidden, (await MetadataFixture.GetAsync(client, "latest/meta-data/instance-id")).Status);
    }

    [Fact]
    public async Task Get_PendingPath_Returns503WithRetryAfter()
    {
        _fixture.AddInstance("i-ppppppppppppppppp", "127.9.0.5");
        _fixture.Registry.Patch("i-ppppppppppppppppp", JsonNode.Parse("""{"pendingPaths":["armvisor/host-state"]}"""));
        using var client = _fixture.As("127.9.0.5");
        string token = await MetadataFixture.TokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, "latest/meta-data/armvisor/host-state");
        request.Headers.Add("X-aws-ec2-metadata-token", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Admin_UserDataOver16K_Returns400()
    {
        using var admin = _fixture.Admin();
        var body = new JsonObject { ["address"] = "127.9.0.6", ["userData"] = new string('x', 16 * 1024 + 1) };
        using var response = await admin.PutAsync("admin/v1/instances/i-uuuuuuuuuuuuuuuuu", new StringContent(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public async Task Admin_HopLimitOutsideOneTo64_Returns400(int hopLimit)
    {
        using var admin = _fixture.Admin();
        var body = new JsonObject { ["address"] = "127.9.0.7", ["hopLimit"] = hopLimit };
        using var response = await admin.PutAsync("admin/v1/instances/i-hhhhhhhhhhhhhhhhh", new StringContent(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
