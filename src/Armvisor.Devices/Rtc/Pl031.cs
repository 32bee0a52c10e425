using Armvisor.Arm64;
using Armvisor.Devices.Registers;
using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.Rtc;

/// <summary>
/// Arm PrimeCell Real Time Clock PL031 (DDI0224), as on QEMU's virt board at 0x09010000, SPI 2: a 32-bit seconds
/// counter that runs from host time (seconds since the Unix epoch), a match register and a match interrupt.
/// </summary>
/// <remarks>
/// RTCDR = host seconds + an offset that RTCLR writes set. When the counter reaches RTCMR the raw interrupt is set
/// (a host timer fires at that second; a match already reached when RTCMR is written fires at once). RTCCR.RTCStart
/// reads back 1 once written 1 and cannot be cleared but by reset (DDI0224 §3.3.4); the counter always runs, as
/// QEMU's does. Not modelled: the clock-watch variants (ST), trimming. Lock order: <c>Gate</c> → interrupt line.
/// </remarks>
public sealed partial class Pl031 : RegisterMappedDevice, IDisposable
{
    /// <summary>Size of the register window.</summary>
    public const ulong WindowSize = 0x1000;

    // RTCPeriphID0-3 = 0x00041031, RTCPCellID0-3 = 0xB105F00D (DDI0224 §3.3.9-3.3.10).
    private static readonly byte[] s_identification = [0x31, 0x10, 0x04, 0x00, 0x0D, 0xF0, 0x05, 0xB1];

    private readonly IInterruptLine _interrupt;
    private readonly TimeProvider _time;
    private readonly ITimer _matchTimer;
    private RegisterField _match = null!;
    private RegisterField _interruptMask = null!;
    private bool _started;
    private long _offsetSeconds;
    private bool _rawInterrupt;
    private bool _lineLevel;

    public Pl031(IInterruptLine interrupt, TimeProvider? time = null, ILogger? logger = null)
        : base(WindowSize, "PL031", logger)
    {
        ArgumentNullException.ThrowIfNull(interrupt);
        _interrupt = interrupt;
        _time = time ?? TimeProvider.System;
        _matchTimer = _time.CreateTimer(_ => OnMatchTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        DefineRegisters();
    }

    private uint Counter => (uint)(_time.GetUtcNow().ToUnixTimeSeconds() + _offsetSeconds);

    protected override void OnReset()
    {
        _offsetSeconds = 0;
        _started = false;
        _rawInterrupt = false;
        _matchTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        UpdateInterrupt();
    }

    public void Dispose() => _matchTimer.Dispose();

    private void DefineRegisters()
    {
        Registers
            .Define(0x000, "RTCDR", r => r.WithField(0, 32, "RTCDR", FieldMode.ReadOnly, valueProvider: () => Counter))
            .Define(0x004, "RTCMR", r => r.WithField(0, 32, "RTCMR", out _match).AfterWrite(ScheduleMatch))
            .Define(0x008, "RTCLR", r => r.WithField(0, 32, "RTCLR", valueProvider: () => Counter, onWrite: Load))
            .Define(0x00C, "RTCCR", r => r
                .WithFlag(0, "RTCStart", valueProvider: () => _started, onWrite: v => _started |= v)
                .WithReserved(1, 31))
            .Define(0x010, "RTCIMSC", r => r.WithFlag(0, "RTCIMSC", out _interruptMask).WithReserved(1, 31).AfterWrite(UpdateInterrupt))
            .Define(0x014, "RTCRIS", r => r.WithFlag(0, "RTCRIS", FieldMode.ReadOnly, valueProvider: () => _rawInterrupt).WithReserved(1, 31))
            .Define(0x018, "RTCMIS", r => r.WithFlag(0, "RTCMIS", FieldMode.ReadOnly, valueProvider: () => _rawInterrupt && _interruptMask.IsSet).WithReserved(1, 31))
            .Define(0x01C, "RTCICR", r => r
                .WithFlag(0, "RTCICR", FieldMode.WriteOnly, onWrite: v => _rawInterrupt &= !v)
                .WithReserved(1, 31)
                .AfterWrite(UpdateInterrupt));

        for (int i = 0; i < s_identification.Length; i++)
        {
            string name = i < 4 ? $"RTCPeriphID{i}" : $"RTCPCellID{i - 4}";
            Registers.DefineConstant(0xFE0 + (ulong)(4 * i), name, s_identification[i]);
        }
    }

    private void Load(ulong value)
    {
        _offsetSeconds = (long)(uint)value - _time.GetUtcNow().ToUnixTimeSeconds();
        ScheduleMatch();
    }

    /// <summary>The longest one-shot delay a host timer accepts, with margin.</summary>
    private static readonly TimeSpan MaximumTimerDue = TimeSpan.FromDays(30);

    /// <summary>Arms the host timer for the second at which the counter equals RTCMR.</summary>
    private void ScheduleMatch()
    {
        uint remaining = (uint)_match.Value - Counter;   // modulo 2^32, as the counter wraps
        if (remaining == 0)
        {
            _rawInterrupt = true;
            _matchTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            UpdateInterrupt();
            return;
        }

        var now = _time.GetUtcNow();
        var nextSecond = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 1);
        var due = nextSecond - now + TimeSpan.FromSeconds(remaining - 1);

        // A match up to 2^32 s (136 years) away is legal for the guest to program but beyond a host timer's reach
        // (~49 days): wake at the horizon instead, where OnMatchTimer finds no match yet and re-arms.
        _matchTimer.Change(due < MaximumTimerDue ? due : MaximumTimerDue, Timeout.InfiniteTimeSpan);
    }

    private void OnMatchTimer()
    {
        lock (Gate)
        {
            // A host timer can fire late; a match passed within the last minute still counts as reached.
            if (Counter - (uint)_match.Value < 60)
            {
                _rawInterrupt = true;
                UpdateInterrupt();
            }
            else
            {
                ScheduleMatch();
            }
        }
    }

    /// <summary>RTCINTR = RTCRIS AND RTCIMSC (DDI0224 §3.3.6).</summary>
    private void UpdateInterrupt()
    {
        bool level = _rawInterrupt && _interruptMask.IsSet;
        if (level != _lineLevel)
        {
            _lineLevel = level;
            _interrupt.Set(level);
        }
    }
}
