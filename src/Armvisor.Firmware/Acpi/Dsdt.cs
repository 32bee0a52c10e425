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

        var body = AmlEncoder.Scope("\\_SB", [.. devices]);
        return AcpiTableWriter.Table(Signature, Revision, w => w.Bytes(body));
    }
}
