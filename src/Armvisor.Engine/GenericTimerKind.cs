namespace Armvisor.Engine;

/// <summary>The EL1 generic timers the engine implements (DDI0487 D11.2); their interrupts are PPIs wired by the platform.</summary>
public enum GenericTimerKind : byte
{
    /// <summary>CNTV_* , PPI 27 on the virt board.</summary>
    Virtual,

    /// <summary>CNTP_* , PPI 30 on the virt board.</summary>
    Physical,
}
