using Microsoft.Extensions.Time.Testing;
using Armvisor.Arm64;
using Armvisor.Devices.Rtc;
using Armvisor.Devices.Tests.Fakes;

namespace Armvisor.Devices.Tests.Rtc;

public sealed class Pl031Tests : IDisposable
{
    private const ulong Dr = 0x00, Mr = 0x04, Lr = 0x08, Cr = 0x0C, Imsc = 0x10, Ris = 0x14, Mis = 0x18, Icr = 0x1C;
    private static readonly DateTimeOffset s_start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private readonly FakeTimeProvider _time = new(s_start);
    private readonly FakeInterruptLine _irq = new();
    private readonly Pl031 _rtc;

    public Pl031Tests() => _rtc = new Pl031(_irq, _time);

    public void Dispose() => _rtc.Dispose();

    private ulong Read(ulong offset) => _rtc.Read(offset, AccessSize.Word);

    private void Write(ulong offset, ulong value) => _rtc.Write(offset, AccessSize.Word, value);

    [Fact]
    public void Dr_HostClockAdvances_ReadsSecondsSinceEpoch()
    {
        Assert.Equal(1_700_000_000UL, Read(Dr));

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1_700_000_005UL, Read(Dr));
    }

    [Fact]
    public void Mr_MatchInThePastWithHostTimers_DoesNotThrow()
    {
        // A match behind the counter is 2^32 - n seconds away (the counter wraps): far beyond a host timer's range.
        using var rtc = new Pl031(new FakeInterruptLine(), TimeProvider.System);
        ulong now = rtc.Read(Dr, AccessSize.Word);

        rtc.Write(Mr, AccessSize.Word, now - 5);

        Assert.Equal(now - 5, rtc.Read(Mr, AccessSize.Word));
    }

    [Fact]
    public void Lr_Write_LoadsCounterWhichKeepsCounting()
    {
        Write(Lr, 1000);
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(1003UL, Read(Dr));
    }

    [Fact]
    public void Mr_ReachedWithInterruptUnmasked_AssertsLine()
    {
        Write(Imsc, 1);

        Write(Mr, 1_700_000_010);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(_irq.Level);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_irq.Level);
        Assert.Equal(1UL, Read(Ris));
        Assert.Equal(1UL, Read(Mis));
    }

    [Fact]
    public void Mr_ReachedWhileMasked_SetsRawOnly()
    {
        Write(Mr, 1_700_000_002);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1UL, Read(Ris));
        Assert.Equal(0UL, Read(Mis));
        Assert.False(_irq.Level);
    }

    [Fact]
    public void Icr_Write_ClearsInterrupt()
    {
        Write(Imsc, 1);
        Write(Mr, 1_700_000_000);
        Assert.True(_irq.Level);

        Write(Icr, 1);

        Assert.False(_irq.Level);
        Assert.Equal(0UL, Read(Ris));
    }

    [Fact]
    public void Cr_StartBit_CannotBeClearedByWrite()
    {
        Write(Cr, 1);
        Write(Cr, 0);

        Assert.Equal(1UL, Read(Cr));
    }

    [Theory]
    [InlineData(0xFE0, 0x31)]
    [InlineData(0xFE4, 0x10)]
    [InlineData(0xFE8, 0x04)]
    [InlineData(0xFEC, 0x00)]
    [InlineData(0xFF0, 0x0D)]
    [InlineData(0xFFC, 0xB1)]
    public void IdRegisters_Read_ArePrimeCellIds(ulong offset, ulong expected)
    {
        Assert.Equal(expected, Read(offset));
    }
}
