namespace Armvisor.Engine.AArch32.Cpu;

/// <summary>AArch32 PSTATE.M[4:0] values (DDI0487 G1.9.1, "AArch32 PE modes"). Monitor and Hyp are outside the engine.</summary>
public enum ProcessorMode : uint
{
    User = 0x10,
    Fiq = 0x11,
    Irq = 0x12,
    Supervisor = 0x13,
    Monitor = 0x16,
    Abort = 0x17,
    Hyp = 0x1A,
    Undefined = 0x1B,
    System = 0x1F,
}
