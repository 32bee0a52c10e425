namespace Armvisor.Devices.Uart;

/// <summary>The PL011 interrupt bits shared by UARTIMSC, UARTRIS, UARTMIS and UARTICR (DDI0183 §3.3.12-3.3.15).</summary>
[Flags]
internal enum Pl011Interrupt : uint
{
    None = 0,
    RingIndicatorModem = 1 << 0,
    ClearToSendModem = 1 << 1,
    DataCarrierDetectModem = 1 << 2,
    DataSetReadyModem = 1 << 3,
    Receive = 1 << 4,
    Transmit = 1 << 5,
    ReceiveTimeout = 1 << 6,
    FramingError = 1 << 7,
    ParityError = 1 << 8,
    BreakError = 1 << 9,
    OverrunError = 1 << 10,
    All = (1 << 11) - 1,
}
