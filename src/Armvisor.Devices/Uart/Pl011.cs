using Armvisor.Arm64;
using Armvisor.Devices.Registers;
using Armvisor.Devices.Serial;
using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.Uart;

/// <summary>
/// Arm PrimeCell UART PL011 (DDI0183), as on QEMU's virt board at 0x09000000, SPI 1.
/// </summary>
/// <remarks>
/// Transmission is instantaneous: every byte written to UARTDR goes straight to the <see cref="ISerialSink"/>, so the
/// transmit FIFO is always empty (UARTFR.TXFE = 1, TXFF = BUSY = 0) and each write raises the transmit interrupt,
/// the "FIFO drained to its trigger level" event the Linux driver waits for. Received bytes come from the host
/// through <see cref="EnqueueInput(byte)"/> into a host backlog that feeds the 16-entry receive FIFO (1 entry
/// with LCR_H.FEN = 0) while UARTEN and RXE are set, so input typed before the guest enables the UART is kept.
/// The receive interrupt follows the UARTIFLS trigger level; the receive timeout interrupt is raised at once when
/// fewer bytes than the trigger level wait (the host has nothing more to send, so the 32-bit-period timeout has in
/// effect expired). Not modelled: baud rate timing, break, parity and framing errors, modem lines, IrDA, DMA.
/// Lock order: <c>Gate</c> → the interrupt line (the GIC lock) → nothing else.
/// </remarks>
public sealed partial class Pl011 : RegisterMappedDevice
{
    /// <summary>Size of the register window.</summary>
    public const ulong WindowSize = 0x1000;

    /// <summary>Receive FIFO depth with FIFOs enabled (PL011 r1p4 and earlier; Linux uses 16 for revisions below 3).</summary>
    public const int FifoDepth = 16;

    /// <summary>Host bytes kept while the guest is not reading; beyond this input is dropped.</summary>
    public const int HostBacklogLimit = 64 * 1024;

    // UARTPeriphID0-3 = 0x00041011 (part 0x011, designer 0x41 = Arm, revision 0); UARTPCellID0-3 = 0xB105F00D.
    private static readonly byte[] s_identification = [0x11, 0x10, 0x04, 0x00, 0x0D, 0xF0, 0x05, 0xB1];

    private readonly IInterruptLine _interrupt;
    private readonly ISerialSink _output;
    private readonly Queue<byte> _receiveFifo = new();
    private readonly Queue<byte> _hostBacklog = new();
    private RegisterField _uartEnable = null!;
    private RegisterField _transmitEnable = null!;
    private RegisterField _receiveEnable = null!;
    private RegisterField _fifoEnable = null!;
    private RegisterField _receiveLevelSelect = null!;
    private RegisterField _interruptMask = null!;
    private Pl011Interrupt _rawInterrupts;
    private bool _lineLevel;

    public Pl011(IInterruptLine interrupt, ISerialSink output, ILogger? logger = null)
        : base(WindowSize, "PL011", logger)
    {
        ArgumentNullException.ThrowIfNull(interrupt);
        ArgumentNullException.ThrowIfNull(output);
        _interrupt = interrupt;
        _output = output;
        DefineRegisters();
    }

    /// <summary>Bytes waiting in the receive FIFO (for diagnostics and tests).</summary>
    public int ReceiveFifoCount
    {
        get
        {
            lock (Gate)
            {
                return _receiveFifo.Count;
            }
        }
    }

    private int ReceiveDepth => _fifoEnable.IsSet ? FifoDepth : 1;

    /// <summary>
    /// Receive FIFO trigger level from UARTIFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full (DDI0183 §3.3.11); 1 entry
    /// with FIFOs disabled.
    /// </summary>
    private int ReceiveTriggerLevel => _fifoEnable.IsSet
        ? _receiveLevelSelect.Value switch { 0 => 2, 1 => 4, 2 => 8, 3 => 12, _ => 14 }
        : 1;

    protected override void OnReset()
    {
        _receiveFifo.Clear();
        _rawInterrupts = Pl011Interrupt.None;
        UpdateInterrupt();
    }

    /// <summary>A byte arrives on the receive line. Any thread.</summary>
    public void EnqueueInput(byte value)
    {
        lock (Gate)
        {
            if (_hostBacklog.Count >= HostBacklogLimit)
            {
                Registers.Log.GuestError("host input dropped: the guest is not reading the receive FIFO");
                return;
            }

            _hostBacklog.Enqueue(value);
            FillReceiveFifo();
            UpdateInterrupt();
        }
    }

    /// <summary>Bytes arrive on the receive line. Any thread.</summary>
    public void EnqueueInput(ReadOnlySpan<byte> values)
    {
        foreach (byte value in values)
        {
            EnqueueInput(value);
        }
    }

    private void DefineRegisters()
    {
        Registers
            .Define((ulong)Pl011Register.Dr, "UARTDR", r => r
                .WithField(0, 8, "DATA", valueProvider: ReadData, onWrite: WriteData)
                .WithFlag(8, "FE", FieldMode.ReadOnly)
                .WithFlag(9, "PE", FieldMode.ReadOnly)
                .WithFlag(10, "BE", FieldMode.ReadOnly)
                .WithFlag(11, "OE", FieldMode.ReadOnly)
                .WithReserved(12, 20))
            .Define((ulong)Pl011Register.RsrEcr, "UARTRSR/UARTECR", r => r
                .WithFlag(0, "FE", FieldMode.ReadOnly)
                .WithFlag(1, "PE", FieldMode.ReadOnly)
                .WithFlag(2, "BE", FieldMode.ReadOnly)
                .WithFlag(3, "OE", FieldMode.ReadOnly)
                .WithReserved(4, 28))
            .Define((ulong)Pl011Register.Fr, "UARTFR", r => r
                .WithFlag(0, "CTS", FieldMode.ReadOnly)
                .WithFlag(1, "DSR", FieldMode.ReadOnly)
                .WithFlag(2, "DCD", FieldMode.ReadOnly)
                .WithFlag(3, "BUSY", FieldMode.ReadOnly)
                .WithFlag(4, "RXFE", FieldMode.ReadOnly, valueProvider: () => _receiveFifo.Count == 0)
                .WithFlag(5, "TXFF", FieldMode.ReadOnly)
                .WithFlag(6, "RXFF", FieldMode.ReadOnly, valueProvider: () => _receiveFifo.Count >= ReceiveDepth)
                .WithFlag(7, "TXFE", FieldMode.ReadOnly, valueProvider: () => true)
                .WithFlag(8, "RI", FieldMode.ReadOnly)
                .WithReserved(9, 23))
            .Define((ulong)Pl011Register.Ilpr, "UARTILPR", r => r.WithField(0, 8, "ILPDVSR").WithReserved(8, 24))
            .Define((ulong)Pl011Register.Ibrd, "UARTIBRD", r => r.WithField(0, 16, "BAUD DIVINT").WithReserved(16, 16))
            .Define((ulong)Pl011Register.Fbrd, "UARTFBRD", r => r.WithField(0, 6, "BAUD DIVFRAC").WithReserved(6, 26))
            .Define((ulong)Pl011Register.LcrH, "UARTLCR_H", r => r
                .WithFlag(0, "BRK")
                .WithFlag(1, "PEN")
                .WithFlag(2, "EPS")
                .WithFlag(3, "STP2")
                .WithFlag(4, "FEN", out _fifoEnable)
                .WithField(5, 2, "WLEN")
                .WithFlag(7, "SPS")
                .WithReserved(8, 24)
                .AfterWrite(FillAndUpdate))
            .Define((ulong)Pl011Register.Cr, "UARTCR", r => r
                .WithFlag(0, "UARTEN", out _uartEnable)
                .WithUnimplemented(1, 2, "SIREN/SIRLP")
                .WithReserved(3, 4)
                .WithFlag(7, "LBE")
                .WithFlag(8, "TXE", out _transmitEnable, reset: true)
                .WithFlag(9, "RXE", out _receiveEnable, reset: true)
                .WithFlag(10, "DTR")
                .WithFlag(11, "RTS")
                .WithFlag(12, "Out1")
                .WithFlag(13, "Out2")
                .WithFlag(14, "RTSEn")
                .WithFlag(15, "CTSEn")
                .WithReserved(16, 16)
                .AfterWrite(FillAndUpdate))
            .Define((ulong)Pl011Register.Ifls, "UARTIFLS", r => r
                .WithField(0, 3, "TXIFLSEL", reset: 0b010)
                .WithField(3, 3, "RXIFLSEL", out _receiveLevelSelect, reset: 0b010)
                .WithReserved(6, 26))
            .Define((ulong)Pl011Register.Imsc, "UARTIMSC", r => r
                .WithField(0, 11, "RIMIM..OEIM", out _interruptMask)
                .WithReserved(11, 21)
                .AfterWrite(UpdateInterrupt))
            .Define((ulong)Pl011Register.Ris, "UARTRIS", r => r
                .WithField(0, 11, "RIRMIS..OERIS", FieldMode.ReadOnly, valueProvider: () => (ulong)_rawInterrupts)
                .WithReserved(11, 21))
            .Define((ulong)Pl011Register.Mis, "UARTMIS", r => r
                .WithField(0, 11, "RIMMIS..OEMIS", FieldMode.ReadOnly, valueProvider: () => (ulong)MaskedInterrupts)
                .WithReserved(11, 21))
            .Define((ulong)Pl011Register.Icr, "UARTICR", r => r
                .WithField(0, 11, "RIMIC..OEIC", FieldMode.WriteOnly, onWrite: v => _rawInterrupts &= ~(Pl011Interrupt)v)
                .WithReserved(11, 21)
                .AfterWrite(UpdateInterrupt))
            .Define((ulong)Pl011Register.Dmacr, "UARTDMACR", r => r
                .WithFlag(0, "RXDMAE")
                .WithFlag(1, "TXDMAE")
                .WithFlag(2, "DMAONERR")
                .WithReserved(3, 29));

        for (int i = 0; i < s_identification.Length; i++)
        {
            string name = i < 4 ? $"UARTPeriphID{i}" : $"UARTPCellID{i - 4}";
            Registers.DefineConstant((ulong)Pl011Register.PeriphId0 + (ulong)(4 * i), name, s_identification[i]);
        }
    }

    private Pl011Interrupt MaskedInterrupts => _rawInterrupts & (Pl011Interrupt)_interruptMask.Value;

    private ulong ReadData()
    {
        if (!_receiveFifo.TryDequeue(out byte value))
        {
            return 0;
        }

        if (_receiveFifo.Count < ReceiveTriggerLevel)
        {
            _rawInterrupts &= ~Pl011Interrupt.Receive;
        }

        if (_receiveFifo.Count == 0)
        {
            _rawInterrupts &= ~Pl011Interrupt.ReceiveTimeout;
        }

        FillReceiveFifo();
        UpdateInterrupt();
        return value;
    }

    private void WriteData(ulong value)
    {
        if (!_uartEnable.IsSet || !_transmitEnable.IsSet)
        {
            // The TRM leaves this undefined; like QEMU the byte is still sent, so early bare-metal output is not lost.
            Registers.Log.GuestError("UARTDR written while UARTEN or TXE is clear; transmitted anyway");
        }

        _output.Write((byte)value);
        _rawInterrupts |= Pl011Interrupt.Transmit;
        UpdateInterrupt();
    }

    private void FillAndUpdate()
    {
        FillReceiveFifo();
        UpdateInterrupt();
    }

    /// <summary>Moves host bytes into the receive FIFO while the receiver is enabled and the FIFO has room.</summary>
    private void FillReceiveFifo()
    {
        if (!_uartEnable.IsSet || !_receiveEnable.IsSet)
        {
            return;
        }

        bool received = false;
        while (_hostBacklog.Count > 0 && _receiveFifo.Count < ReceiveDepth)
        {
            _receiveFifo.Enqueue(_hostBacklog.Dequeue());
            received = true;
        }

        if (received)
        {
            _rawInterrupts |= _receiveFifo.Count >= ReceiveTriggerLevel ? Pl011Interrupt.Receive : Pl011Interrupt.ReceiveTimeout;
        }
    }

    /// <summary>UARTINTR is the OR of the masked interrupts (DDI0183 §3.4).</summary>
    private void UpdateInterrupt()
    {
        bool level = MaskedInterrupts != Pl011Interrupt.None;
        if (level != _lineLevel)
        {
            _lineLevel = level;
            _interrupt.Set(level);
        }
    }
}
