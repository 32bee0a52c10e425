namespace Armvisor.Firmware.Acpi;

/// <summary>Generic Address Structure (ACPI 6.5 §5.2.3.2, Table 5.1): 12 bytes.</summary>
public readonly record struct GenericAddress(byte AddressSpaceId, byte RegisterBitWidth, byte RegisterBitOffset, byte AccessSize, ulong Address)
{
    public const int Size = 12;

    /// <summary>Address space ID 0: system memory.</summary>
    public const byte SystemMemory = 0;

    /// <summary>Access size 3: DWord (32-bit) access.</summary>
    public const byte DwordAccess = 3;

    public static GenericAddress None => default;

    /// <summary>A 32-bit MMIO register at <paramref name="address"/>.</summary>
    public static GenericAddress Mmio32(ulong address) => new(SystemMemory, 32, 0, DwordAccess, address);

    public void WriteTo(AcpiTableWriter writer)
    {
        writer.U8(AddressSpaceId);
        writer.U8(RegisterBitWidth);
        writer.U8(RegisterBitOffset);
        writer.U8(AccessSize);
        writer.U64(Address);
    }
}
