using Armvisor.Arm64;
using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.Registers;

/// <summary>
/// A device whose whole guest interface is one <see cref="RegisterMap"/>, serialised by one lock: guest reads and
/// writes and <see cref="Reset"/> run under <see cref="Gate"/>, and so do the register callbacks they trigger.
/// Devices with more state take <see cref="Gate"/> for their host-side entry points too.
/// </summary>
public abstract class RegisterMappedDevice : IMmioDevice, IDeviceState
{
    /// <param name="windowSize">Size of the MMIO window.</param>
    /// <param name="name">The device's name in guest-error logs.</param>
    /// <param name="logger">Where guest errors are logged (rate-limited).</param>
    protected RegisterMappedDevice(ulong windowSize, string name, ILogger? logger)
    {
        Registers = new RegisterMap(windowSize, new GuestAccessLog(name, logger));
    }

    public ulong Size => Registers.Size;

    /// <summary>The device's lock.</summary>
    protected Lock Gate { get; } = new();

    /// <summary>The register declarations; subclasses define them in their constructor.</summary>
    protected RegisterMap Registers { get; }

    public ulong Read(ulong offset, AccessSize size)
    {
        lock (Gate)
        {
            return Registers.Read(offset, size);
        }
    }

    public void Write(ulong offset, AccessSize size, ulong value)
    {
        lock (Gate)
        {
            Registers.Write(offset, size, value);
        }
    }

    public void Reset()
    {
        lock (Gate)
        {
            Registers.Reset();
            OnReset();
        }
    }

    /// <summary>Saves the stored register fields, then the device's own state (<see cref="SaveDeviceState"/>).</summary>
    public void SaveState(BinaryWriter writer)
    {
        lock (Gate)
        {
            Registers.SaveState(writer);
            SaveDeviceState(writer);
        }
    }

    public void RestoreState(BinaryReader reader)
    {
        lock (Gate)
        {
            Registers.RestoreState(reader);
            RestoreDeviceState(reader);
        }
    }

    /// <summary>The state outside the registers (FIFOs, line levels), under <see cref="Gate"/>.</summary>
    protected virtual void SaveDeviceState(BinaryWriter writer)
    {
    }

    /// <summary>Restores what <see cref="SaveDeviceState"/> wrote, under <see cref="Gate"/>; drives no interrupt line (the GIC's own state holds the levels).</summary>
    protected virtual void RestoreDeviceState(BinaryReader reader)
    {
    }

    /// <summary>Returns the state outside the registers to power-on values (under <see cref="Gate"/>).</summary>
    protected virtual void OnReset()
    {
    }
}
