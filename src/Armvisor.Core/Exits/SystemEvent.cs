namespace Armvisor.Core;

/// <summary>Machine-wide events a guest or an agent can cause.</summary>
public enum SystemEvent
{
    PowerOff,
    Reset,
}
