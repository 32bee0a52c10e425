namespace Armvisor.Firmware.Efi;

/// <summary>Configuration table GUIDs (UEFI 2.10 §4.6; Linux include/linux/efi.h).</summary>
public static class EfiGuids
{
    /// <summary>EFI_ACPI_20_TABLE_GUID: the ACPI 2.0+ RSDP (Linux efi.acpi20).</summary>
    public static readonly Guid Acpi20Table = new("8868e871-e4f1-11d3-bc22-0080c73c8881");

    /// <summary>EFI_RT_PROPERTIES_TABLE_GUID (UEFI 2.8+ §4.6.2): which runtime services may be called.</summary>
    public static readonly Guid RuntimePropertiesTable = new("eb66918a-7eef-402a-842e-931d21c38ae9");
}
