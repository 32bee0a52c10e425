namespace Armvisor.Arm64;

/// <summary>DFSC/IFSC fault status codes, long-descriptor format (DDI0487 D24.2.40, ISS DFSC field).</summary>
public enum FaultStatusCode : byte
{
    AddressSizeLevel0 = 0x00,
    AddressSizeLevel1 = 0x01,
    AddressSizeLevel2 = 0x02,
    AddressSizeLevel3 = 0x03,
    TranslationLevel0 = 0x04,
    TranslationLevel1 = 0x05,
    TranslationLevel2 = 0x06,
    TranslationLevel3 = 0x07,
    AccessFlagLevel1 = 0x09,
    AccessFlagLevel2 = 0x0A,
    AccessFlagLevel3 = 0x0B,
    PermissionLevel1 = 0x0D,
    PermissionLevel2 = 0x0E,
    PermissionLevel3 = 0x0F,
    SynchronousExternalAbort = 0x10,
    Alignment = 0x21,
    TlbConflict = 0x30,
}
