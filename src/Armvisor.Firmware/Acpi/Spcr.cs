namespace Armvisor.Firmware.Acpi;

/// <summary>
/// Builds the SPCR (Microsoft "Serial Port Console Redirection Table", revision 2, 80 bytes) for the PL011: interface
/// type 3 (ARM PL011, DBG2 serial subtypes), 32-bit MMIO base, GIC interrupt, 115200 8N1, no flow control. Linux
/// uses it for earlycon and the default console (drivers/acpi/spcr.c).
/// </summary>
public static class Spcr
{
    public const string Signature = "SPCR";
    public const byte Revision = 2;
    public const int Length = 80;

    /// <summary>Interface Type 3: ARM PL011 UART.</summary>
    public const byte InterfaceTypePl011 = 3;

    /// <summary>Interrupt Type bit 3: ARMH GIC interrupt (GSIV field valid).</summary>
    public const byte InterruptTypeGic = 1 << 3;

    /// <summary>Baud Rate 7: 115200.</summary>
    public const byte Baud115200 = 7;

    public static byte[] Build(MmioDeviceDescription uart) => AcpiTableWriter.Table(Signature, Revision, w =>
    {
        w.U8(InterfaceTypePl011);             // 36 Interface Type
        w.Zeros(3);                           // 37 Reserved
        GenericAddress.Mmio32(uart.Base.Value).WriteTo(w); // 40 Base Address
        w.U8(InterruptTypeGic);               // 52 Interrupt Type
        w.U8(0);                              // 53 IRQ (PC-AT only)
        w.U32(uart.Intid);                    // 54 Global System Interrupt
        w.U8(Baud115200);                     // 58 Baud Rate
        w.U8(0);                              // 59 Parity: none
        w.U8(1);                              // 60 Stop Bits: 1
        w.U8(0);                              // 61 Flow Control: none
        w.U8(0);                              // 62 Terminal Type: VT100
        w.U8(0);                              // 63 Language
        w.U16(0xFFFF);                        // 64 PCI Device ID: not a PCI device
        w.U16(0xFFFF);                        // 66 PCI Vendor ID
        w.U8(0);                              // 68 PCI Bus
        w.U8(0);                              // 69 PCI Device
        w.U8(0);                              // 70 PCI Function
        w.U32(0);                             // 71 PCI Flags
        w.U8(0);                              // 75 PCI Segment
        w.U32(0);                             // 76 Reserved
        w.ExpectPosition(Length, "SPCR");
    });
}
