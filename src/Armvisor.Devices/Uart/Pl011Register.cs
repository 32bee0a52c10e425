namespace Armvisor.Devices.Uart;

/// <summary>PL011 register offsets (Arm PrimeCell UART (PL011) TRM, DDI0183, §3.2 "Summary of registers").</summary>
internal enum Pl011Register : ulong
{
    Dr = 0x000,
    RsrEcr = 0x004,
    Fr = 0x018,
    Ilpr = 0x020,
    Ibrd = 0x024,
    Fbrd = 0x028,
    LcrH = 0x02C,
    Cr = 0x030,
    Ifls = 0x034,
    Imsc = 0x038,
    Ris = 0x03C,
    Mis = 0x040,
    Icr = 0x044,
    Dmacr = 0x048,
    PeriphId0 = 0xFE0,
}
