namespace Armvisor.Engine.Interpreter;

/// <summary>Offsets of the exception kinds within a vector table quarter (DDI0487 D1.10.2, Table D1-7).</summary>
internal enum ExceptionVector
{
    Synchronous = 0x000,
    Irq = 0x080,
    Fiq = 0x100,
    SError = 0x180,
}
