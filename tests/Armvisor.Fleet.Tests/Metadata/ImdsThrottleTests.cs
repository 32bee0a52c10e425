using System.Net;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Metadata;

public sealed class ImdsThrottleTests
{
    [Fact]
    public async Task Get_OverPerInstanceRate_Returns503WithRetryAfter()
    {
        await using var fixture = await MetadataFixture.StartAsync(new MetadataServiceOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), RequestsPerSecondPerInstance = 2 });
        fixture.AddInstance("i-ttttttttttttttttt", "127.9.1.2", tokens: "optional");
        using var client = fixture.As("127.9.1.2");
        HttpResponseMessage? throttled = null;
        for (int i = 0; i < 20 && throttled is null; i++)
        {
            var response = await client.GetAsync("latest/meta-data/instance-id");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                throttled = response;
            }
        }

        Assert.NotNull(throttled);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
    }
}
