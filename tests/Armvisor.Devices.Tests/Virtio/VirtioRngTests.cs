using Armvisor.Devices.Virtio.Rng;

namespace Armvisor.Devices.Tests.Virtio;

public class VirtioRngTests
{
    [Fact]
    public void Request_WritableBuffer_FilledFromEntropySourceAndUsedLengthReported()
    {
        var driver = new VirtioTestDriver(new VirtioRng(b => b.Fill(0x5A)));
        driver.Initialise();
        ulong buffer = driver.Buffer([], 32);

        ushort head = driver.Submit((buffer, 32, true));
        driver.Notify();

        Assert.Equal(1, driver.UsedIndex);
        Assert.Equal(((uint)head, 32u), driver.UsedElement(0));
        Assert.All(driver.BytesAt(buffer, 32), b => Assert.Equal(0x5A, b));
        Assert.True(driver.Interrupt.Level);
    }

    [Fact]
    public void Request_DefaultSource_ProducesNonConstantBytes()
    {
        var driver = new VirtioTestDriver(new VirtioRng());
        driver.Initialise();
        ulong buffer = driver.Buffer([], 64);

        driver.Submit((buffer, 64, true));
        driver.Notify();

        Assert.True(driver.BytesAt(buffer, 64).Distinct().Count() > 1);
    }
}
