namespace Armvisor.Engine.AArch32.Memory;

/// <summary>
/// Fault status values of the short-descriptor format (DDI0487 G5.9, "Fault status encodings", table "Short-descriptor
/// translation table format FSR encodings"): FS[4:0] as a 5-bit value; <see cref="Encode"/> places FS[4] at bit 10 and
/// keeps the domain in bits [7:4]. <see cref="LongFormatBit"/> marks a long-descriptor STATUS (TTBCR.EAE = 1).
/// </summary>
public static class ShortDescriptorFaultStatus
{
    public const uint Alignment = 0b00001;
    public const uint DebugEvent = 0b00010;
    public const uint AccessFlagSection = 0b00011;
    public const uint TranslationSection = 0b00101;
    public const uint AccessFlagPage = 0b00110;
    public const uint TranslationPage = 0b00111;
    public const uint SyncExternalAbort = 0b01000;
    public const uint DomainSection = 0b01001;
    public const uint DomainPage = 0b01011;
    public const uint ExternalAbortOnWalkFirstLevel = 0b01100;
    public const uint PermissionSection = 0b01101;
    public const uint ExternalAbortOnWalkSecondLevel = 0b01110;
    public const uint PermissionPage = 0b01111;
    public const uint AsyncExternalAbort = 0b10110;

    /// <summary>DFSR.LPAE (bit 9): the FSR is in the long-descriptor format.</summary>
    public const uint LongFormatBit = 1u << 9;

    /// <summary>An FSR value from a status (FS in bits [4:0], domain in [8:5] of <paramref name="status"/>).</summary>
    public static uint Encode(uint status)
    {
        if ((status & LongFormatBit) != 0)
        {
            return status;
        }

        uint fs = status & 0x1F;
        uint domain = (status >> 5) & 0xF;
        return (fs & 0xF) | ((fs >> 4) << 10) | (domain << 4);
    }

    /// <summary>A status carrying the domain of the faulting descriptor.</summary>
    public static uint WithDomain(uint fs, uint domain) => fs | (domain << 5);
}
