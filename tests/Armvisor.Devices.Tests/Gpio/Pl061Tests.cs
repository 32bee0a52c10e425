using Armvisor.Arm64;
using Armvisor.Devices.Gpio;
using Armvisor.Devices.Tests.Fakes;

namespace Armvisor.Devices.Tests.Gpio;

public sealed class Pl061Tests
{
    private const ulong Dir = 0x400, Is = 0x404, Ibe = 0x408, Iev = 0x40C, Ie = 0x410, Ris = 0x414, Mis = 0x418, Ic = 0x41C;
    private const int PowerPin = 3;
    private const ulong PowerBit = 1 << PowerPin;

    private readonly FakeInterruptLine _irq = new();
    private readonly Pl061 _gpio;

    public Pl061Tests() => _gpio = new Pl061(_irq);

    private ulong Read(ulong offset) => _gpio.Read(offset, AccessSize.Word);

    private void Write(ulong offset, ulong value) => _gpio.Write(offset, AccessSize.Word, value);

    [Fact]
    public void SetInput_RisingEdgeUnmasked_RaisesLineAndLatchesRisAndMis()
    {
        Write(Iev, PowerBit);   // edge-sensitive (GPIOIS = 0), rising
        Write(Ie, PowerBit);

        _gpio.SetInput(PowerPin, true);

        Assert.True(_irq.Level);
        Assert.Equal(PowerBit, Read(Ris));
        Assert.Equal(PowerBit, Read(Mis));
    }

    [Fact]
    public void SetInput_EdgeLatched_StaysUntilIcWritten()
    {
        Write(Iev, PowerBit);
        Write(Ie, PowerBit);
        _gpio.SetInput(PowerPin, true);

        _gpio.SetInput(PowerPin, false);   // a falling edge neither clears nor re-latches a rising-edge pin
        Assert.True(_irq.Level);

        Write(Ic, PowerBit);

        Assert.False(_irq.Level);
        Assert.Equal(0UL, Read(Ris));
    }

    [Fact]
    public void SetInput_EdgeMasked_SetsRisOnlyAndLineFollowsIe()
    {
        Write(Iev, PowerBit);
        _gpio.SetInput(PowerPin, true);

        Assert.Equal(PowerBit, Read(Ris));
        Assert.Equal(0UL, Read(Mis));
        Assert.False(_irq.Level);

        Write(Ie, PowerBit);   // unmasking a latched edge raises GPIOINTR

        Assert.True(_irq.Level);
    }

    [Fact]
    public void SetInput_BothEdges_LatchesPressAndRelease()
    {
        Write(Ibe, PowerBit);
        Write(Ie, PowerBit);

        _gpio.SetInput(PowerPin, true);
        Write(Ic, PowerBit);
        _gpio.SetInput(PowerPin, false);

        Assert.Equal(PowerBit, Read(Mis));
        Assert.Equal(2, _irq.RisingEdges);
    }

    [Fact]
    public void SetInput_FallingEdgeSelected_IgnoresRisingEdge()
    {
        Write(Ie, PowerBit);   // GPIOIEV = 0: falling

        _gpio.SetInput(PowerPin, true);
        Assert.False(_irq.Level);

        _gpio.SetInput(PowerPin, false);
        Assert.True(_irq.Level);
    }

    [Fact]
    public void SetInput_LevelSensitiveHigh_RisFollowsPinAndIcHasNoEffect()
    {
        Write(Is, PowerBit);
        Write(Iev, PowerBit);
        Write(Ie, PowerBit);

        _gpio.SetInput(PowerPin, true);
        Write(Ic, PowerBit);
        Assert.True(_irq.Level);
        Assert.Equal(PowerBit, Read(Ris));

        _gpio.SetInput(PowerPin, false);
        Assert.False(_irq.Level);
        Assert.Equal(0UL, Read(Ris));
    }

    [Fact]
    public void Data_AddressMaskedAccess_ReadsAndWritesOnlyMaskedPins()
    {
        Write(Dir, 0x0F);                 // pins 0-3 outputs, 4-7 inputs
        _gpio.SetInput(5, true);
        Write(0x3FC, 0xFF);               // mask 0xFF: all outputs driven high, input bits ignored
        Write(0x01 << 2, 0x00);           // mask 0x01: only pin 0 driven low

        Assert.Equal(0x2EUL, Read(0x3FC));
        Assert.Equal(0x20UL, Read(0x80 << 2 | 0x20 << 2));   // mask 0xA0: pin 5 (input high) and pin 7 (low)
        Assert.Equal(0x00UL, Read(0x01 << 2));
    }

    [Fact]
    public void SetInput_PinIsOutput_IgnoredByDataAndInterrupts()
    {
        Write(Dir, PowerBit);
        Write(Iev, PowerBit);
        Write(Ie, PowerBit);

        _gpio.SetInput(PowerPin, true);

        Assert.Equal(0UL, Read(0x3FC));
        Assert.False(_irq.Level);
    }

    [Fact]
    public void Identification_PeriphAndPCellId_MatchTrm()
    {
        ulong[] ids = Enumerable.Range(0, 8).Select(i => Read(0xFE0 + (ulong)(4 * i))).ToArray();

        Assert.Equal(new ulong[] { 0x61, 0x10, 0x04, 0x00, 0x0D, 0xF0, 0x05, 0xB1 }, ids);
    }

    [Fact]
    public void RestoreState_LatchedEdge_KeepsRisAndLine()
    {
        Write(Iev, PowerBit);
        Write(Ie, PowerBit);
        _gpio.SetInput(PowerPin, true);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            _gpio.SaveState(writer);
        }

        var restored = new Pl061(new FakeInterruptLine());
        stream.Position = 0;
        using (var reader = new BinaryReader(stream))
        {
            restored.RestoreState(reader);
        }

        Assert.Equal(PowerBit, restored.Read(Mis, AccessSize.Word));
        Assert.Equal(PowerBit, restored.Read(0x3FC, AccessSize.Word));
    }
}
