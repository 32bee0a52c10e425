using Armvisor.Devices.Registers;
using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.Gpio;

/// <summary>
/// Arm PrimeCell General Purpose Input/Output PL061 (DDI0190), as on QEMU's virt board at 0x09030000, SPI 7: eight
/// pins, each an input or an output (GPIODIR), with edge- or level-sensitive interrupts combined into GPIOINTR.
/// The board drives inputs with <see cref="SetInput"/> (pin 3 is the power button of the gpio-keys node).
/// </summary>
/// <remarks>
/// GPIODATA is 256 word addresses 0x000-0x3FC whose address bits [9:2] mask the access (DDI0190 §3.3.1): a read
/// returns the pin values under the mask, a write changes only the masked output pins. Interrupt detection
/// (§3.3.3-3.3.9): GPIOIS selects level (1) or edge (0), GPIOIBE both edges, GPIOIEV rising/high (1) or
/// falling/low (0). An edge sets its GPIORIS bit until a 1 is written to GPIOIC; a level-sensitive bit of GPIORIS
/// follows the pin. GPIOMIS = GPIORIS AND GPIOIE; GPIOINTR = OR of GPIOMIS. Not modelled: GPIOAFSEL (stored, the
/// pins have no hardware function) and the test registers. Lock order: <c>Gate</c> → interrupt line.
/// </remarks>
public sealed partial class Pl061 : RegisterMappedDevice
{
    /// <summary>Size of the register window.</summary>
    public const ulong WindowSize = 0x1000;

    /// <summary>Number of GPIO pins.</summary>
    public const int PinCount = 8;

    // GPIOPeriphID0-3 = 0x00041061, GPIOPCellID0-3 = 0xB105F00D (DDI0190 §3.3.11-3.3.12).
    private static readonly byte[] s_identification = [0x61, 0x10, 0x04, 0x00, 0x0D, 0xF0, 0x05, 0xB1];

    private readonly IInterruptLine _interrupt;
    private RegisterField _direction = null!;
    private RegisterField _sense = null!;
    private RegisterField _bothEdges = null!;
    private RegisterField _event = null!;
    private RegisterField _mask = null!;

    /// <summary>The level on each pin from outside (inputs).</summary>
    private byte _inputs;

    /// <summary>The value last written to GPIODATA (the level an output pin drives).</summary>
    private byte _outputs;

    /// <summary>Edge-detected interrupt bits (the edge half of GPIORIS).</summary>
    private byte _edgeStatus;
    private bool _lineLevel;

    public Pl061(IInterruptLine interrupt, ILogger? logger = null)
        : base(WindowSize, "PL061", logger)
    {
        ArgumentNullException.ThrowIfNull(interrupt);
        _interrupt = interrupt;
        DefineRegisters();
    }

    /// <summary>Pins as the guest reads them: outputs read what they drive, inputs the outside level.</summary>
    private byte PinLevels => (byte)((_outputs & Direction) | (_inputs & ~Direction));

    private byte Direction => (byte)_direction.Value;

    /// <summary>GPIORIS: latched edges, plus the level-sensitive pins whose level matches GPIOIEV.</summary>
    private byte RawStatus
    {
        get
        {
            byte level = (byte)_sense.Value;
            byte levelActive = (byte)(level & ~(PinLevels ^ (byte)_event.Value));
            return (byte)((_edgeStatus & ~level) | levelActive);
        }
    }

    private byte MaskedStatus => (byte)(RawStatus & (byte)_mask.Value);

    /// <summary>Drives input <paramref name="pin"/> from outside (a board signal; a pin the guest configured as an output ignores it).</summary>
    public void SetInput(int pin, bool level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pin, PinCount);
        lock (Gate)
        {
            byte before = PinLevels;
            _inputs = (byte)(level ? _inputs | (1 << pin) : _inputs & ~(1 << pin));
            DetectEdges(before);
            UpdateInterrupt();
        }
    }

    protected override void OnReset()
    {
        _inputs = 0;
        _outputs = 0;
        _edgeStatus = 0;
        UpdateInterrupt();
    }

    private void DefineRegisters()
    {
        // GPIODATA: one register per address mask PADDR[9:2] (DDI0190 §3.3.1).
        for (int mask = 0; mask < 256; mask++)
        {
            byte bits = (byte)mask;
            Registers.Define((ulong)mask << 2, $"GPIODATA[0x{mask:X2}]", r => r
                .WithField(0, 8, "DATA", valueProvider: () => (ulong)(PinLevels & bits), onWrite: v => WriteData(bits, (byte)v))
                .WithReserved(8, 24));
        }

        Registers
            .Define(0x400, "GPIODIR", r => r.WithField(0, 8, "DIR", out _direction).WithReserved(8, 24).AfterWrite(UpdateInterrupt))
            .Define(0x404, "GPIOIS", r => r.WithField(0, 8, "IS", out _sense).WithReserved(8, 24).AfterWrite(UpdateInterrupt))
            .Define(0x408, "GPIOIBE", r => r.WithField(0, 8, "IBE", out _bothEdges).WithReserved(8, 24))
            .Define(0x40C, "GPIOIEV", r => r.WithField(0, 8, "IEV", out _event).WithReserved(8, 24).AfterWrite(UpdateInterrupt))
            .Define(0x410, "GPIOIE", r => r.WithField(0, 8, "IE", out _mask).WithReserved(8, 24).AfterWrite(UpdateInterrupt))
            .Define(0x414, "GPIORIS", r => r.WithField(0, 8, "RIS", FieldMode.ReadOnly, valueProvider: () => RawStatus).WithReserved(8, 24))
            .Define(0x418, "GPIOMIS", r => r.WithField(0, 8, "MIS", FieldMode.ReadOnly, valueProvider: () => MaskedStatus).WithReserved(8, 24))
            .Define(0x41C, "GPIOIC", r => r
                .WithField(0, 8, "IC", FieldMode.WriteOnly, onWrite: v => _edgeStatus &= (byte)~v)
                .WithReserved(8, 24)
                .AfterWrite(UpdateInterrupt))
            .Define(0x420, "GPIOAFSEL", r => r.WithField(0, 8, "AFSEL").WithReserved(8, 24));

        for (int i = 0; i < s_identification.Length; i++)
        {
            string name = i < 4 ? $"GPIOPeriphID{i}" : $"GPIOPCellID{i - 4}";
            Registers.DefineConstant(0xFE0 + (ulong)(4 * i), name, s_identification[i]);
        }
    }

    private void WriteData(byte addressMask, byte value)
    {
        byte before = PinLevels;
        _outputs = (byte)((_outputs & ~addressMask) | (value & addressMask));
        DetectEdges(before);
        UpdateInterrupt();
    }

    /// <summary>Latches the edges between <paramref name="before"/> and the pins now, on edge-sensitive pins (DDI0190 §3.3.3-3.3.5).</summary>
    private void DetectEdges(byte before)
    {
        byte now = PinLevels;
        byte changed = (byte)(before ^ now);
        byte edgeSensitive = (byte)~_sense.Value;
        byte rising = (byte)(changed & now);
        byte selected = (byte)((changed & (byte)_bothEdges.Value)
            | (changed & ~(byte)_bothEdges.Value & ~(rising ^ (byte)_event.Value)));
        _edgeStatus |= (byte)(selected & edgeSensitive);
    }

    /// <summary>GPIOINTR: any bit of GPIOMIS (DDI0190 §2.3.6).</summary>
    private void UpdateInterrupt()
    {
        bool level = MaskedStatus != 0;
        if (level != _lineLevel)
        {
            _lineLevel = level;
            _interrupt.Set(level);
        }
    }
}
