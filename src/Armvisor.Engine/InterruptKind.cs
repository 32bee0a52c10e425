namespace Armvisor.Engine;

/// <summary>The interrupt inputs of a PE (HVF's <c>hv_interrupt_type_t</c>).</summary>
public enum InterruptKind : byte
{
    Irq,
    Fiq,
}
