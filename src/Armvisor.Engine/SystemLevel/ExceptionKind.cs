namespace Armvisor.Engine.SystemLevel;

/// <summary>The four exception types, in vector-table order (DDI0487 D1.10.2 "Exception vectors", offsets 0x000/0x080/0x100/0x180).</summary>
public enum ExceptionKind : byte
{
    Synchronous = 0,
    Irq = 1,
    Fiq = 2,
    SError = 3,
}
