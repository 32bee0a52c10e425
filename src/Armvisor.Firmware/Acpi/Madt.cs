namespace Armvisor.Firmware.Acpi;

/// <summary>
/// Builds the MADT ("APIC") of a machine: one GICC per CPU (CPU interface number and ACPI processor UID = CPU index,
/// Enabled, MPIDR, no parking protocol), the GICv3 distributor and one GICR discovery range (redistributors are
/// found by walking the range, so each GICC's GICR base is 0 — ACPI 6.5 §5.2.12.14 allows either form).
/// </summary>
public static class Madt
{
    public static byte[] Build(MachineDescription machine) => AcpiTableWriter.Table(MadtLayout.Signature, MadtLayout.Revision, w =>
    {
        w.U32(0);                                         // Local Interrupt Controller Address: unused on Arm
        w.U32(0);                                         // Flags: no PCAT_COMPAT on Arm
        var gic = machine.Gic;
        for (var cpu = 0; cpu < machine.CpuMpidrs.Count; cpu++)
        {
            var start = w.Position;
            w.U8(MadtLayout.GiccType);
            w.U8(MadtLayout.GiccLength);
            w.U16(0);                                     // Reserved
            w.U32((uint)cpu);                             // CPU Interface Number
            w.U32((uint)cpu);                             // ACPI Processor UID (matches the DSDT ACPI0007 _UID)
            w.U32(MadtLayout.GiccEnabled);                // Flags: Enabled, level-triggered perf/VGIC interrupts
            w.U32(0);                                     // Parking Protocol Version: not offered
            w.U32(gic.PerformanceIntid ?? 0);             // Performance Interrupt GSIV
            w.U64(0);                                     // Parked Address
            w.U64(0);                                     // Physical Base Address (GICv2 GICC; none with system registers)
            w.U64(0);                                     // GICV
            w.U64(0);                                     // GICH
            w.U32(gic.MaintenanceIntid ?? 0);             // VGIC Maintenance interrupt
            w.U64(0);                                     // GICR Base Address: the GICR structure below describes them
            w.U64(machine.CpuMpidrs[cpu] & MachineDescription.MpidrAffinityMask);
            w.U8(0);                                      // Processor Power Efficiency Class
            w.U8(0);                                      // Reserved
            w.U16(0);                                     // SPE overflow interrupt
            w.ExpectPosition(start + MadtLayout.GiccLength, "GICC");
        }

        w.U8(MadtLayout.GicdType);
        w.U8(MadtLayout.GicdLength);
        w.U16(0);
        w.U32(0);                                         // GIC ID
        w.U64(gic.DistributorBase.Value);
        w.U32(0);                                         // System Vector Base: must be 0
        w.U8(MadtLayout.GicVersion3);
        w.Zeros(3);

        w.U8(MadtLayout.GicrType);
        w.U8(MadtLayout.GicrLength);
        w.U16(0);
        w.U64(gic.RedistributorBase.Value);               // Discovery Range Base Address
        w.U32(checked((uint)gic.RedistributorRegionSize)); // Discovery Range Length
    });
}
