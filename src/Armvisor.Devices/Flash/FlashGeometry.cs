namespace Armvisor.Devices.Flash;

/// <summary>
/// The shape of one flash bank: <see cref="BankWidth"/> bytes of data bus made of <see cref="DeviceCount"/> chips,
/// each <see cref="DeviceWidth"/> bytes wide and each answering commands in its own lane of the bus.
/// </summary>
/// <param name="Size">Bytes in the bank.</param>
/// <param name="BlockSize">Erase block of the bank (each chip contributes <c>BlockSize / DeviceCount</c>).</param>
/// <param name="BankWidth">Data bus width in bytes.</param>
/// <param name="DeviceWidth">Width of one chip in bytes.</param>
/// <param name="WriteBufferBytesPerDevice">Write-to-buffer size of one chip (a power of two).</param>
/// <param name="ManufacturerId">Read-identifier address 0.</param>
/// <param name="DeviceId">Read-identifier address 1.</param>
public sealed record FlashGeometry(ulong Size, ulong BlockSize, int BankWidth, int DeviceWidth, int WriteBufferBytesPerDevice,
    byte ManufacturerId, ushort DeviceId)
{
    /// <summary>
    /// QEMU virt's banks (hw/arm/virt.c, virt_flash_create1): 64 MiB, 256 KiB sectors, a 32-bit bank of two x16 Intel
    /// chips (manufacturer 0x89, device 0x0018) with 2 KiB write buffers.
    /// </summary>
    public static FlashGeometry QemuVirt { get; } = new(64UL << 20, 256UL << 10, 4, 2, 2048, 0x89, 0x0018);

    public int DeviceCount => BankWidth / DeviceWidth;

    /// <summary>Bytes of one chip.</summary>
    public ulong DeviceSize => Size / (ulong)DeviceCount;

    /// <summary>Erase blocks in the bank (and in each chip).</summary>
    public ulong BlockCount => Size / BlockSize;
}
