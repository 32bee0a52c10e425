namespace Armvisor.Devices.Flash;

/// <summary>
/// The Intel/Sharp extended command set (CFI primary vendor command set 0x0001), the first byte of each bus-write
/// sequence (Intel "3 Volt Intel StrataFlash Memory" datasheet, Table 4; the command set QEMU virt's flash speaks).
/// </summary>
internal enum FlashCommand : byte
{
    /// <summary>Reset (some drivers write 0x00 to leave a mode).</summary>
    Reset = 0x00,
    ProgramAlternate = 0x10,
    BlockErase = 0x20,
    Program = 0x40,
    ClearStatus = 0x50,
    LockSetup = 0x60,
    ReadStatus = 0x70,
    ReadIdentifier = 0x90,
    CfiQuery = 0x98,
    Suspend = 0xB0,
    Confirm = 0xD0,
    WriteToBuffer = 0xE8,
    /// <summary>The AMD command set's reset, accepted as read array (CFI probers write it first).</summary>
    AmdReset = 0xF0,
    ReadArray = 0xFF,
}
