namespace Armvisor.Firmware.Acpi.Aml;

/// <summary>The AML encodings the DSDT needs (ACPI 6.5 §20.2 "AML Grammar Definition").</summary>
internal enum AmlOpcode : ushort
{
    Zero = 0x00,
    One = 0x01,
    Name = 0x08,
    BytePrefix = 0x0A,
    WordPrefix = 0x0B,
    DWordPrefix = 0x0C,
    StringPrefix = 0x0D,
    QWordPrefix = 0x0E,
    Scope = 0x10,
    Buffer = 0x11,
    Package = 0x12,
    DualNamePrefix = 0x2E,
    RootChar = 0x5C,

    /// <summary>ExtOpPrefix 0x5B followed by 0x82 (DeviceOp).</summary>
    Device = 0x5B82,
}
