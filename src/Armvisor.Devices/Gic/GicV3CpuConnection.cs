namespace Armvisor.Devices.Gic;

/// <summary>
/// One PE attached to the GIC: its MPIDR_EL1 affinity and the wires the CPU interface drives into it.
/// </summary>
/// <param name="Mpidr">MPIDR_EL1 of the PE; Aff3 [39:32], Aff2 [23:16], Aff1 [15:8], Aff0 [7:0] are used.</param>
/// <param name="Irq">Asserted while a Group 1 interrupt can be taken (IRQ at EL1 with GICD_CTLR.DS == 1).</param>
/// <param name="Fiq">Asserted while a Group 0 interrupt can be taken (FIQ); null when the PE ignores FIQ.</param>
public sealed record GicV3CpuConnection(ulong Mpidr, IInterruptLine Irq, IInterruptLine? Fiq = null)
{
    /// <summary>Aff3.Aff2.Aff1.Aff0 packed as in GICR_TYPER.Affinity_Value.</summary>
    public uint AffinityValue => (uint)(((Mpidr >> 8) & 0xFF_0000_00) | (Mpidr & 0xFF_FFFF));
}
