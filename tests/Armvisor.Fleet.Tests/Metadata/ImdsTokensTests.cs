using Armvisor.Fleet.Metadata;

namespace Armvisor.Fleet.Tests.Metadata;

public sealed class ImdsTokensTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Validate_BeforeExpiry_ReturnsInstance()
    {
        var clock = new ManualClock();
        var tokens = new ImdsTokens(new byte[32], clock);
        string token = tokens.Issue("i-1", 10);
        clock.Now += TimeSpan.FromSeconds(9.9);
        Assert.Equal("i-1", tokens.Validate(token));
    }

    [Fact]
    public void Validate_AfterTtl_ReturnsNull()
    {
        var clock = new ManualClock();
        var tokens = new ImdsTokens(new byte[32], clock);
        string token = tokens.Issue("i-1", 10);
        clock.Now += TimeSpan.FromSeconds(10);
        Assert.Null(tokens.Validate(token));
    }

    [Fact]
    public void Validate_OtherServiceKey_ReturnsNull()
    {
        string token = new ImdsTokens(new byte[32]).Issue("i-1", 10);
        var other = new byte[32];
        other[0] = 1;
        Assert.Null(new ImdsTokens(other).Validate(token));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21601)]
    public void Issue_TtlOutOfRange_Throws(int ttl) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImdsTokens(new byte[32]).Issue("i-1", ttl));
}
