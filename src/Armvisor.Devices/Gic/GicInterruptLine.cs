namespace Armvisor.Devices.Gic;

/// <summary>A GIC input wire: an SPI (shared) or a PPI of one PE. Edge or level behaviour follows GICD/GICR_ICFGR.</summary>
internal sealed class GicInterruptLine : IInterruptLine
{
    private readonly GicV3State _state;
    private readonly GicInterrupt _interrupt;

    public GicInterruptLine(GicV3State state, GicInterrupt interrupt)
    {
        _state = state;
        _interrupt = interrupt;
    }

    public void Set(bool level)
    {
        lock (_state.Lock)
        {
            if (_interrupt.LineLevel == level)
            {
                return;
            }

            _interrupt.SetLevel(level);
            _state.Update();
        }
    }
}
