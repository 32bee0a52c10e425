namespace Armvisor.Devices;

/// <summary>
/// A level-sensitive interrupt wire from a device to an interrupt controller input (or from the GIC to a PE).
/// </summary>
/// <remarks>
/// <see cref="Set"/> may be called from any thread and repeatedly with the same level; the receiver treats a
/// repeated level as no change. Edge-triggered inputs latch on a rising edge (false to true).
/// </remarks>
public interface IInterruptLine
{
    /// <summary>Drives the wire to <paramref name="level"/> (true = asserted).</summary>
    void Set(bool level);
}
