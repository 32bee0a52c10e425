using Armvisor.Memory;
using Armvisor.Firmware.Acpi.Aml;

namespace Armvisor.Firmware.Acpi;

/// <summary>
/// Builds the DSDT in AML, modelled on QEMU's hw/arm/virt-acpi-build.c: under \_SB one ACPI0007 processor device per
/// CPU (its _UID is the MADT GICC ACPI Processor UID), the PL011 as ARMH0011 (Linux drivers/tty/serial/amba-pl011.c
/// ACPI match) and each virtio-mmio slot as LNRO0005 (drivers/virtio/virtio_mmio.c), each with _CRS Memory32Fixed +
/// Interrupt. The virtio slots are cache-coherent DMA masters (_CCA 1).
/// </summary>
public static class Dsdt
{
    public const string Signature = "DSDT";

    /// <summary>Revision 2: 64-bit AML integers.</summary>
    public const byte Revision = 2;

    public static byte[] Build(MachineDescription machine)
    {
        var devices = new List<byte[]>();
        for (var cpu = 0; cpu < machine.CpuMpidrs.Count; cpu++)
        {
            devices.Add(AmlEncoder.Device($"C{cpu:X3}",
                AmlEncoder.Name("_HID", AmlEncoder.String("ACPI0007")),
                AmlEncoder.Name("_UID", AmlEncoder.Integer((ulong)cpu))));
        }

        var uart = machine.Uart;
        devices.Add(AmlEncoder.Device("COM0",
            AmlEncoder.Name("_HID", AmlEncoder.String("ARMH0011")),
            AmlEncoder.Name("_UID", AmlEncoder.Integer(0)),
            AmlEncoder.Name("_CRS", AmlResource.Template(
                AmlResource.Memory32Fixed(readWrite: true, checked((uint)uart.Base.Value), checked((uint)uart.Size)),
                AmlResource.Interrupt(edgeTriggered: false, uart.Intid)))));

        var virtio = machine.VirtioMmio;
        for (var slot = 0; slot < virtio.Count; slot++)
        {
            devices.Add(AmlEncoder.Device($"VR{slot:X2}",
                AmlEncoder.Name("_HID", AmlEncoder.String("LNRO0005")),
                AmlEncoder.Name("_UID", AmlEncoder.Integer((ulong)slot)),
                AmlEncoder.Name("_CCA", AmlEncoder.Integer(1)),
                AmlEncoder.Name("_CRS", AmlResource.Template(
                    AmlResource.Memory32Fixed(readWrite: true, checked((uint)virtio.SlotBase(slot).Value), checked((uint)virtio.SlotSize)),
                    AmlResource.Interrupt(edgeTriggered: true, virtio.SlotSpi(slot) + 32)))));
        }

        if (machine.PrivateDataArea is { } prda)
        {
            devices.Add(PrivateDataAreaDevice(prda));
        }

        var body = AmlEncoder.Scope("\\_SB", [.. devices]);
        return AcpiTableWriter.Table(Signature, Revision, w => w.Bytes(body));
    }

    /// <summary>The _DSD UUID of Device Properties (ACPI "_DSD Device Properties UUID", daffd814-...): key/value pairs.</summary>
    private static readonly Guid DevicePropertiesUuid = new("daffd814-6eba-4d8c-8a91-bc9bbf4aa301");

    /// <summary>
    /// The PRDA alias page (patents.md §3), the ACPI twin of the DT node "armvisor,prda": a PRP0001 device (Linux
    /// Documentation/firmware-guide/acpi/enumeration.rst "Device Tree namespace link device ID") whose _DSD
    /// compatible is the DT one, so one match table serves both firmware interfaces; _CRS is the alias page, read-only
    /// (every vCPU that reads it reaches its own page; docs/memory-map.md).
    /// </summary>
    private static byte[] PrivateDataAreaDevice(AddressRange prda) =>
        AmlEncoder.Device("PRDA",
            AmlEncoder.Name("_HID", AmlEncoder.String("PRP0001")),
            AmlEncoder.Name("_UID", AmlEncoder.Integer(0)),
            AmlEncoder.Name("_DSD", AmlEncoder.Package(
                AmlEncoder.Uuid(DevicePropertiesUuid),
                AmlEncoder.Package(AmlEncoder.Package(AmlEncoder.String("compatible"), AmlEncoder.String("armvisor,prda"))))),
            AmlEncoder.Name("_CRS", AmlResource.Template(
                AmlResource.Memory32Fixed(readWrite: false, checked((uint)prda.Start.Value), checked((uint)prda.Length)))));
}
