namespace Armvisor.Firmware.Acpi;

/// <summary>
/// Builds a hardware-reduced FADT for Arm (ACPI 6.5 §5.2.9): every legacy PM block empty, HW_REDUCED_ACPI set,
/// ARM_BOOT_ARCH saying PSCI with the configured conduit, and the DSDT pointer (both DSDT and X_DSDT when it fits).
/// </summary>
public static class Fadt
{
    public static byte[] Build(PsciConduit conduit, ulong dsdtAddress) => AcpiTableWriter.Table(FadtLayout.Signature, FadtLayout.Revision, w =>
    {
        w.U32(0);                                               // 36 FIRMWARE_CTRL: no FACS on hardware-reduced
        w.U32(dsdtAddress <= uint.MaxValue ? (uint)dsdtAddress : 0); // 40 DSDT
        w.Zeros(FadtLayout.FlagsOffset - w.Position);           // 44..111: legacy PM fields, all zero
        w.U32(FadtLayout.HardwareReducedAcpi);                  // 112 Flags
        GenericAddress.None.WriteTo(w);                         // 116 RESET_REG
        w.U8(0);                                                // 128 RESET_VALUE
        var flags = FadtBootFlags.PsciCompliant | (conduit == PsciConduit.Hvc ? FadtBootFlags.PsciUseHvc : FadtBootFlags.None);
        w.U16((ushort)flags);                                   // 129 ARM_BOOT_ARCH
        w.U8(FadtLayout.MinorRevision);                         // 131 FADT Minor Version
        w.U64(0);                                               // 132 X_FIRMWARE_CTRL
        w.U64(dsdtAddress);                                     // 140 X_DSDT
        w.Zeros(FadtLayout.Length - 8 - w.Position);            // 148..267: X_ PM blocks, sleep registers
        w.U64(0);                                               // 268 Hypervisor Vendor Identity
        w.ExpectPosition(FadtLayout.Length, "FADT");
    });
}
