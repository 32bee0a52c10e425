using Armvisor.Arm64;
using Armvisor.Devices.Tests.Fakes;
using Armvisor.Devices.Uart;

namespace Armvisor.Devices.Tests.Uart;

public class Pl011Tests
{
    private const ulong Dr = 0x000, Fr = 0x018, LcrH = 0x02C, Cr = 0x030, Ifls = 0x034, Imsc = 0x038, Ris = 0x03C, Mis = 0x040, Icr = 0x044;
    private const ulong RxInterrupt = 1 << 4, TxInterrupt = 1 << 5, RtInterrupt = 1 << 6;
    private const ulong Rxfe = 1 << 4, Rxff = 1 << 6, Txfe = 1 << 7, Txff = 1 << 5, Busy = 1 << 3;

    private readonly FakeInterruptLine _irq = new();
    private readonly BufferSerialSink _sink = new();
    private readonly Pl011 _uart;

    public Pl011Tests() => _uart = new Pl011(_irq, _sink);

    private ulong Read(ulong offset) => _uart.Read(offset, AccessSize.Word);

    private void Write(ulong offset, ulong value) => _uart.Write(offset, AccessSize.Word, value);

    private void EnableWithFifo() { Write(LcrH, 0x70); Write(Cr, 0x301); }

    [Fact]
    public void Dr_WriteByte_GoesToSink()
    {
        Write(Cr, 0x301);

        _uart.Write(Dr, AccessSize.Byte, (byte)'A');
        Write(Dr, 'B');

        Assert.Equal("AB", _sink.Text);
    }

    [Fact]
    public void Fr_AfterReset_TxEmptyRxEmptyNotBusy()
    {
        ulong fr = Read(Fr);

        Assert.Equal(Rxfe | Txfe, fr & (Rxfe | Txfe | Txff | Rxff | Busy));
    }

    [Fact]
    public void Cr_ResetValue_HasTxeAndRxe()
    {
        Assert.Equal(0x300UL, Read(Cr));
    }

    [Fact]
    public void Dr_Read_ReturnsEnqueuedBytesInOrderAndSetsRxfeWhenDrained()
    {
        EnableWithFifo();
        _uart.EnqueueInput("hi"u8);

        Assert.Equal(0UL, Read(Fr) & Rxfe);
        Assert.Equal((ulong)'h', Read(Dr) & 0xFF);
        Assert.Equal((ulong)'i', Read(Dr) & 0xFF);
        Assert.Equal(Rxfe, Read(Fr) & Rxfe);
    }

    [Fact]
    public void Receive_WhileUartDisabled_IsHeldUntilEnabled()
    {
        _uart.EnqueueInput((byte)'x');
        Assert.Equal(Rxfe, Read(Fr) & Rxfe);

        Write(Cr, 0x301);

        Assert.Equal((ulong)'x', Read(Dr) & 0xFF);
    }

    [Fact]
    public void Receive_FifoEnabled_FillsSixteenThenRxffAndKeepsRest()
    {
        EnableWithFifo();

        _uart.EnqueueInput(new byte[20]);

        Assert.Equal(Pl011.FifoDepth, _uart.ReceiveFifoCount);
        Assert.Equal(Rxff, Read(Fr) & Rxff);
        Read(Dr);
        Assert.Equal(Pl011.FifoDepth, _uart.ReceiveFifoCount);   // refilled from the host backlog
    }

    [Fact]
    public void Receive_FifoDisabled_HoldsOneByte()
    {
        Write(Cr, 0x301);

        _uart.EnqueueInput("ab"u8);

        Assert.Equal(1, _uart.ReceiveFifoCount);
        Assert.Equal(Rxff, Read(Fr) & Rxff);
    }

    [Fact]
    public void Receive_BelowTriggerLevel_RaisesTimeoutInterruptWhenUnmasked()
    {
        EnableWithFifo();
        Write(Imsc, RxInterrupt | RtInterrupt);

        _uart.EnqueueInput((byte)'a');

        Assert.Equal(RtInterrupt, Read(Mis));
        Assert.True(_irq.Level);
    }

    [Fact]
    public void Receive_AtTriggerLevel_RaisesReceiveInterrupt()
    {
        EnableWithFifo();
        Write(Ifls, 0b000_000);   // RX trigger at 1/8 full: 2 entries
        Write(Imsc, RxInterrupt);

        _uart.EnqueueInput("ab"u8);

        Assert.Equal(RxInterrupt, Read(Mis) & RxInterrupt);
        Assert.True(_irq.Level);
    }

    [Fact]
    public void Dr_ReadBelowTrigger_ClearsReceiveAndDrainedClearsTimeout()
    {
        EnableWithFifo();
        Write(Ifls, 0);
        Write(Imsc, RxInterrupt | RtInterrupt);
        _uart.EnqueueInput("ab"u8);

        Read(Dr);
        Read(Dr);

        Assert.Equal(0UL, Read(Ris) & (RxInterrupt | RtInterrupt));
        Assert.False(_irq.Level);
    }

    [Fact]
    public void Receive_Masked_DoesNotAssertLineButShowsInRis()
    {
        EnableWithFifo();

        _uart.EnqueueInput((byte)'a');

        Assert.NotEqual(0UL, Read(Ris) & RtInterrupt);
        Assert.Equal(0UL, Read(Mis));
        Assert.False(_irq.Level);
    }

    [Fact]
    public void Transmit_FifoDrains_RaisesTxInterruptClearedByIcr()
    {
        EnableWithFifo();
        Write(Imsc, TxInterrupt);

        Write(Dr, 'x');

        Assert.True(_irq.Level);
        Assert.Equal(TxInterrupt, Read(Mis));

        Write(Icr, TxInterrupt);

        Assert.False(_irq.Level);
        Assert.Equal(0UL, Read(Ris) & TxInterrupt);
    }

    [Fact]
    public void Imsc_UnmaskPendingRawInterrupt_AssertsLine()
    {
        EnableWithFifo();
        Write(Dr, 'x');
        Assert.False(_irq.Level);

        Write(Imsc, TxInterrupt);

        Assert.True(_irq.Level);
    }

    [Theory]
    [InlineData(0xFE0, 0x11)]
    [InlineData(0xFE4, 0x10)]
    [InlineData(0xFE8, 0x04)]
    [InlineData(0xFEC, 0x00)]
    [InlineData(0xFF0, 0x0D)]
    [InlineData(0xFF4, 0xF0)]
    [InlineData(0xFF8, 0x05)]
    [InlineData(0xFFC, 0xB1)]
    public void IdRegisters_Read_ArePrimeCellIds(ulong offset, ulong expected)
    {
        Assert.Equal(expected, Read(offset));
    }

    [Fact]
    public void IbrdFbrdLcrH_Written_ReadBackImplementedBits()
    {
        Write(0x024, 0x1_0027);
        Write(0x028, 0xFF);
        Write(LcrH, 0x70);

        Assert.Equal(0x27UL, Read(0x024));
        Assert.Equal(0x3FUL, Read(0x028));
        Assert.Equal(0x70UL, Read(LcrH));
    }

    [Fact]
    public void Read_UnknownOffsetAfterWrite_ReadsZero()
    {
        Write(0x800, 0xFFFF);

        Assert.Equal(0UL, Read(0x800));
    }

    [Fact]
    public void Reset_WithPendingInput_ClearsFifoAndInterrupt()
    {
        EnableWithFifo();
        Write(Imsc, RtInterrupt);
        _uart.EnqueueInput((byte)'a');

        _uart.Reset();

        Assert.False(_irq.Level);
        Assert.Equal(0, _uart.ReceiveFifoCount);
        Assert.Equal(0x300UL, Read(Cr));
    }
}
