namespace Armvisor.Engine.SystemLevel;

/// <summary>TCR_EL1 fields for ARMv8.0 (DDI0487 D24.2.129).</summary>
internal static class TcrBits
{
    public const int T0szShift = 0;
    public const ulong Epd0 = 1UL << 7;
    public const int Tg0Shift = 14;
    public const int T1szShift = 16;
    public const ulong A1 = 1UL << 22;
    public const ulong Epd1 = 1UL << 23;
    public const int Tg1Shift = 30;
    public const int IpsShift = 32;
    public const ulong As = 1UL << 36;
    public const ulong Tbi0 = 1UL << 37;
    public const ulong Tbi1 = 1UL << 38;

    /// <summary>T0SZ, EPD0, IRGN0, ORGN0, SH0, TG0, T1SZ, A1, EPD1, IRGN1, ORGN1, SH1, TG1, IPS, AS, TBI0, TBI1; bit 6,
    /// bit 35 and HA/HD/HPD (no FEAT_HAFDBS/HPDS) are RES0.</summary>
    public const ulong Writable = 0x0000_0077_FFFF_FFBF;
}
