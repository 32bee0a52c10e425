using Armvisor.Devices.Gic;

namespace Armvisor.Devices.Tests.Gic;

public class GicV3ConcurrencyTests
{
    [Fact]
    public async Task SetSpiLevel_ConcurrentWithAcknowledges_LeavesNothingActiveAndOutputLow()
    {
        var fixture = new GicFixture().Enabled();
        const int lines = 4;
        for (int i = 0; i < lines; i++)
        {
            fixture.ConfigureSpi(40 + i, (byte)(0x80 + 8 * i), edge: true);
        }

        var producers = Enumerable.Range(0, lines).Select(i => Task.Run(() =>
        {
            for (int n = 0; n < 2000; n++)
            {
                fixture.Gic.SetSpiLevel(40 + i, true);
                fixture.Gic.SetSpiLevel(40 + i, false);
            }
        })).ToArray();
        var consumer = Task.Run(() =>
        {
            while (!producers.All(p => p.IsCompleted))
            {
                AcknowledgeOne(fixture);
            }
        });
        await Task.WhenAll([.. producers, consumer]);

        while (AcknowledgeOne(fixture))
        {
        }

        Assert.Equal(0UL, fixture.Gicd(0x304) & 0xFFFF_FFFF);
        Assert.Equal(0xFFUL, fixture.Cpu(0).Read(IccRegister.Rpr));
        Assert.False(fixture.Irq[0].Level);
    }

    private static bool AcknowledgeOne(GicFixture fixture)
    {
        ulong intid = fixture.Cpu(0).Read(IccRegister.Iar1);
        if (intid == GicIntid.Spurious)
        {
            return false;
        }

        fixture.Cpu(0).Write(IccRegister.Eoir1, intid);
        return true;
    }
}
