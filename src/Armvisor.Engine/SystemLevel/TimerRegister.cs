namespace Armvisor.Engine.SystemLevel;

/// <summary>The generic-timer registers <see cref="GenericTimers"/> implements (DDI0487 D11.2).</summary>
public enum TimerRegister : byte
{
    None,
    PhysicalCount,
    VirtualCount,
    PhysicalControl,
    PhysicalCompareValue,
    PhysicalTimerValue,
    VirtualControl,
    VirtualCompareValue,
    VirtualTimerValue,
    KernelControl,
    VirtualOffset,
}
