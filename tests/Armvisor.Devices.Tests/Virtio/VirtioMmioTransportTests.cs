using Armvisor.Devices.Virtio;
using Armvisor.Devices.Virtio.Rng;

namespace Armvisor.Devices.Tests.Virtio;

public class VirtioMmioTransportTests
{
    [Fact]
    public void IdentificationRegisters_RngDevice_ReadMagicVersion2AndDeviceId()
    {
        var driver = new VirtioTestDriver(new VirtioRng());

        Assert.Equal(0x7472_6976UL, driver.Read(0x000));
        Assert.Equal(2UL, driver.Read(0x004));
        Assert.Equal((ulong)VirtioDeviceType.Entropy, driver.Read(0x008));
        Assert.NotEqual(0UL, driver.Read(0x00C));
    }

    [Fact]
    public void IdentificationRegisters_EmptySlot_ReadMagicAndDeviceIdZero()
    {
        var driver = new VirtioTestDriver(null);

        Assert.Equal(0x7472_6976UL, driver.Read(0x000));
        Assert.Equal(2UL, driver.Read(0x004));
        Assert.Equal(0UL, driver.Read(0x008));
        Assert.Equal(0UL, driver.Read(0x034));
    }

    [Fact]
    public void DeviceFeatures_HighWord_OffersVersion1()
    {
        var driver = new VirtioTestDriver(new VirtioRng());

        Assert.NotEqual(0UL, driver.ReadFeatures() & VirtioFeature.Version1);
    }

    [Fact]
    public void Status_FeaturesOkWithoutVersion1_DoesNotStick()
    {
        var driver = new VirtioTestDriver(new VirtioRng());

        ulong status = driver.Initialise(features: 0);

        Assert.Equal(0UL, status & 8);
    }

    [Fact]
    public void Status_FeaturesOkWithUnofferedFeature_DoesNotStick()
    {
        var driver = new VirtioTestDriver(new VirtioRng());

        ulong status = driver.Initialise(features: VirtioFeature.Version1 | (1UL << 5));

        Assert.Equal(0UL, status & 8);
    }

    [Fact]
    public void Initialise_FullSequence_ReachesDriverOk()
    {
        var driver = new VirtioTestDriver(new VirtioRng());

        Assert.Equal(0xFUL, driver.Initialise());
    }

    [Fact]
    public void QueueNumMax_SelectedQueue_ReadsDeviceMaximum()
    {
        var driver = new VirtioTestDriver(new VirtioRng());
        driver.WriteRegister(0x30, 0);

        Assert.Equal(64UL, driver.Read(0x034));

        driver.WriteRegister(0x30, 1);

        Assert.Equal(0UL, driver.Read(0x034));
    }

    [Fact]
    public void Status_WriteZero_ResetsQueuesStatusAndInterrupt()
    {
        var driver = new VirtioTestDriver(new VirtioRng(b => b.Fill(1)));
        driver.Initialise();
        driver.Submit((driver.Buffer([], 8), 8, true));
        driver.Notify();
        Assert.True(driver.Interrupt.Level);

        driver.WriteRegister(0x70, 0);

        Assert.Equal(0UL, driver.Read(0x70));
        Assert.Equal(0UL, driver.Read(0x60));
        Assert.False(driver.Interrupt.Level);
        driver.WriteRegister(0x30, 0);
        Assert.Equal(0UL, driver.Read(0x44));
    }

    [Fact]
    public void InterruptAck_UsedBufferBit_ClearsInterrupt()
    {
        var driver = new VirtioTestDriver(new VirtioRng(b => b.Fill(1)));
        driver.Initialise();
        driver.Submit((driver.Buffer([], 8), 8, true));
        driver.Notify();
        Assert.Equal(1UL, driver.Read(0x60));

        driver.WriteRegister(0x64, 1);

        Assert.Equal(0UL, driver.Read(0x60));
        Assert.False(driver.Interrupt.Level);
    }

    [Fact]
    public void Notify_AvailNoInterruptFlag_SuppressesInterrupt()
    {
        var driver = new VirtioTestDriver(new VirtioRng(b => b.Fill(1)));
        driver.Initialise();
        driver.SetAvailFlags(1);
        driver.Submit((driver.Buffer([], 8), 8, true));

        driver.Notify();

        Assert.Equal(1, driver.UsedIndex);
        Assert.False(driver.Interrupt.Level);
    }

    [Fact]
    public void Notify_LoopingChain_SetsNeedsResetAndConfigInterrupt()
    {
        var driver = new VirtioTestDriver(new VirtioRng());
        driver.Initialise();

        driver.SubmitRaw(index: 0, address: driver.Buffer([], 8), length: 8, flags: 1 | 2, next: 0);
        driver.Notify();

        Assert.Equal(64UL, driver.Read(0x70) & 64);
        Assert.Equal(2UL, driver.Read(0x60) & 2);
        Assert.True(driver.Interrupt.Level);
    }

    [Fact]
    public void Notify_BufferOutsideRam_SetsNeedsResetWithoutThrowing()
    {
        var driver = new VirtioTestDriver(new VirtioRng());
        driver.Initialise();

        driver.Submit((0x1000, 8, true));
        driver.Notify();

        Assert.Equal(64UL, driver.Read(0x70) & 64);
    }

    [Theory]
    // vring_need_event(used_event, new, old) (virtio 1.1 §2.6.7.2): one buffer completes, used index 0 -> 1.
    [InlineData(0, true)]    // the driver wants an interrupt once index 0 is used
    [InlineData(5, false)]   // ... only after index 5: suppressed
    public void Notify_EventIndexNegotiated_InterruptFollowsUsedEvent(ushort usedEvent, bool interrupts)
    {
        var driver = new VirtioTestDriver(new VirtioRng(b => b.Fill(1)));
        driver.Initialise(features: VirtioFeature.Version1 | VirtioFeature.RingEventIndex);
        driver.Memory.WriteUInt16(VirtioTestDriver.AvailRing + 4 + 2 * VirtioTestDriver.QueueSize, usedEvent);

        driver.Submit((driver.Buffer([], 8), 8, true));
        driver.Notify();

        Assert.Equal(1, driver.UsedIndex);
        Assert.Equal(interrupts, driver.Interrupt.Level);
    }

    [Fact]
    public void Notify_EventIndexNegotiated_PublishesAvailEvent()
    {
        var driver = new VirtioTestDriver(new VirtioRng(b => b.Fill(1)));
        driver.Initialise(features: VirtioFeature.Version1 | VirtioFeature.RingEventIndex);

        driver.Submit((driver.Buffer([], 8), 8, true));
        driver.Submit((driver.Buffer([], 8), 8, true));
        driver.Notify();

        Assert.Equal(2, driver.Memory.ReadUInt16(VirtioTestDriver.UsedRing + 4 + 8 * VirtioTestDriver.QueueSize));
    }

    [Fact]
    public void NotifyConfigurationChanged_Called_AdvancesGenerationAndInterrupts()
    {
        var driver = new VirtioTestDriver(new VirtioRng());
        ulong before = driver.Read(0xFC);

        driver.Transport.NotifyConfigurationChanged();

        Assert.Equal(before + 1, driver.Read(0xFC));
        Assert.Equal(2UL, driver.Read(0x60));
    }
}
