using Armvisor.Devices;

namespace Armvisor.Core.Interrupts;

/// <summary>An interrupt wire whose far end is attached after construction (the GIC exists before the vCPUs it drives).</summary>
internal sealed class ForwardingInterruptLine : IInterruptLine
{
    private Action<bool>? _target;
    private volatile bool _level;

    public void Attach(Action<bool> target)
    {
        _target = target;
        target(_level);
    }

    public void Set(bool level)
    {
        _level = level;
        _target?.Invoke(level);
    }
}
