using System.Net;
using System.Text.Json.Nodes;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Metadata;

public sealed class NoCloudRouteTests
{
    [Fact]
    public async Task MetaData_ByInstanceId_IsYamlWithInstanceId()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        fixture.AddInstance("i-n1", "127.9.3.2");
        using var instance = fixture.As("127.9.3.2");
        string yaml = await instance.GetStringAsync("nocloud/i-n1/meta-data");
        Assert.StartsWith("instance-id: \"i-n1\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("local-hostname: \"host-i-n1\"", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VendorData_Unset_Is200Empty()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        fixture.AddInstance("i-n2", "127.9.3.3");
        using var instance = fixture.As("127.9.3.3");
        var response = await instance.GetAsync("nocloud/vendor-data");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MetaData_OfAnotherInstanceId_Returns404()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        fixture.AddInstance("i-n3", "127.9.3.4");
        fixture.AddInstance("i-n4", "127.9.3.5");
        using var instance = fixture.As("127.9.3.4");
        Assert.Equal(HttpStatusCode.NotFound, (await instance.GetAsync("nocloud/i-n4/meta-data")).StatusCode);
    }

    [Fact]
    public async Task MetaData_SecretTopLevelLeaf_IsNotServed()
    {
        await using var fixture = await MetadataFixture.StartAsync();
        fixture.AddInstance("i-n5", "127.9.3.6", extraMeta: new JsonObject { ["root-password"] = "HUNTER2" });
        fixture.Registry.Patch("i-n5", JsonNode.Parse("""{"secretPaths":["root-password"]}"""));
        using var instance = fixture.As("127.9.3.6");
        Assert.DoesNotContain("HUNTER2", await instance.GetStringAsync("nocloud/meta-data"), StringComparison.Ordinal);
    }
}
