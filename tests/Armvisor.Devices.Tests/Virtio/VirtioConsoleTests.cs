using Armvisor.Arm64;
using Armvisor.Devices.Tests.Fakes;
using Armvisor.Devices.Virtio;
using Armvisor.Devices.Virtio.Console;

namespace Armvisor.Devices.Tests.Virtio;

public class VirtioConsoleTests
{
    private readonly BufferSerialSink _sink = new();
    private readonly VirtioConsole _console;
    private readonly VirtioTestDriver _driver;

    public VirtioConsoleTests()
    {
        _console = new VirtioConsole(_sink);
        _driver = new VirtioTestDriver(_console);
        _driver.Initialise();   // queue 0 (receiveq0) is the one the test driver sets up
    }

    [Fact]
    public void DeviceId_ConsoleDevice_ReadsThree()
    {
        Assert.Equal((ulong)VirtioDeviceType.Console, _driver.Read(0x008));
    }

    [Fact]
    public void HostInput_WithOneReceiveBufferPosted_FillsItAndKeepsTheRest()
    {
        ulong buffer = _driver.Buffer([], 16);
        _driver.Submit((buffer, 16, true));
        _driver.Notify();

        _console.EnqueueInput((byte)'o');
        _console.EnqueueInput((byte)'k');

        Assert.Equal(1, _driver.UsedIndex);
        Assert.Equal((byte)'o', _driver.ByteAt(buffer));
        Assert.True(_driver.Interrupt.Level);
        Assert.Equal(1, _console.PendingInputCount);   // 'k' waits for the next receive buffer
    }

    [Fact]
    public void HostInput_BeforeBuffersPosted_WaitsThenArrivesOnNotify()
    {
        _console.EnqueueInput((byte)'a');
        Assert.Equal(1, _console.PendingInputCount);

        ulong buffer = _driver.Buffer([], 16);
        _driver.Submit((buffer, 16, true));
        _driver.Notify();

        Assert.Equal(0, _console.PendingInputCount);
        Assert.Equal((byte)'a', _driver.ByteAt(buffer));
        Assert.Equal(1u, _driver.UsedElement(0).Length);
    }

    [Fact]
    public void GuestOutput_OnTransmitQueue_ReachesSink()
    {
        var sink = new BufferSerialSink();
        var driver = new VirtioTestDriver(new VirtioConsole(sink));
        driver.Initialise(queue: 1);
        ulong text = driver.Buffer("hello"u8);

        driver.Submit((text, 5, false));
        driver.Notify();

        Assert.Equal("hello", sink.Text);
        Assert.Equal(1, driver.UsedIndex);
    }

    [Fact]
    public void EmergencyWrite_ConfigField_OutputsByte()
    {
        _driver.Transport.Write(0x100 + 8, AccessSize.Word, 'E');

        Assert.Equal("E", _sink.Text);
    }
}
