namespace Armvisor.Firmware.Acpi;

/// <summary>
/// Builds the GTDT (ACPI 6.5 §5.2.25, Table 5.121; revision 2 layout, 96 bytes): the four Generic Timer GSIVs with
/// level/active-high/always-on flags, no memory-mapped CNTControlBase/CNTReadBase and no platform timers.
/// </summary>
public static class Gtdt
{
    public const string Signature = "GTDT";
    public const byte Revision = 2;
    public const int Length = 96;

    /// <summary>Timer flags bit 2: always-on capability (bit 0 = 0 level, bit 1 = 0 active high).</summary>
    public const uint AlwaysOn = 1u << 2;

    /// <summary>"Not provided" value of CntControlBase / CntReadBase.</summary>
    public const ulong NotPresent = ulong.MaxValue;

    public static byte[] Build(TimerInterrupts timer) => AcpiTableWriter.Table(Signature, Revision, w =>
    {
        w.U64(NotPresent);              // 36 CntControlBase Physical Address
        w.U32(0);                       // 44 Reserved
        w.U32(timer.SecurePhysical);    // 48 Secure EL1 Timer GSIV
        w.U32(AlwaysOn);                // 52 Secure EL1 Timer Flags
        w.U32(timer.NonSecurePhysical); // 56 Non-Secure EL1 Timer GSIV
        w.U32(AlwaysOn);                // 60
        w.U32(timer.Virtual);           // 64 Virtual EL1 Timer GSIV
        w.U32(AlwaysOn);                // 68
        w.U32(timer.HypervisorPhysical); // 72 EL2 Timer GSIV
        w.U32(AlwaysOn);                // 76
        w.U64(NotPresent);              // 80 CntReadBase Physical Address
        w.U32(0);                       // 88 Platform Timer Count
        w.U32(0);                       // 92 Platform Timer Offset
        w.ExpectPosition(Length, "GTDT");
    });
}
