using Armvisor.Devices;

namespace Armvisor.Devices.Tests.Fakes;

/// <summary>Records the level of a wire and how often it was driven.</summary>
public sealed class FakeInterruptLine : IInterruptLine
{
    public bool Level { get; private set; }

    public int RisingEdges { get; private set; }

    public void Set(bool level)
    {
        if (level && !Level)
        {
            RisingEdges++;
        }

        Level = level;
    }
}
