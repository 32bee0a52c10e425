namespace Armvisor.Devices.Uart;

/// <summary>The PL011's state beyond its registers: the receive FIFO, host bytes not yet in it, the raw interrupts (DDI0183 §3.3.13) and the line level.</summary>
public sealed partial class Pl011
{
    protected override void SaveDeviceState(BinaryWriter writer)
    {
        writer.Write(_receiveFifo.Count);
        foreach (byte b in _receiveFifo)
        {
            writer.Write(b);
        }

        writer.Write(_hostBacklog.Count);
        foreach (byte b in _hostBacklog)
        {
            writer.Write(b);
        }

        writer.Write((uint)_rawInterrupts);
        writer.Write(_lineLevel);
    }

    protected override void RestoreDeviceState(BinaryReader reader)
    {
        _receiveFifo.Clear();
        int fifo = reader.ReadInt32();
        if (fifo is < 0 or > FifoDepth)
        {
            throw new InvalidDataException($"PL011: a receive FIFO of {fifo} bytes does not fit its {FifoDepth} entries");
        }

        for (int i = 0; i < fifo; i++)
        {
            _receiveFifo.Enqueue(reader.ReadByte());
        }

        _hostBacklog.Clear();
        int backlog = reader.ReadInt32();
        if (backlog is < 0 or > HostBacklogLimit)
        {
            throw new InvalidDataException($"PL011: a host backlog of {backlog} bytes exceeds its limit");
        }

        for (int i = 0; i < backlog; i++)
        {
            _hostBacklog.Enqueue(reader.ReadByte());
        }

        _rawInterrupts = (Pl011Interrupt)reader.ReadUInt32();
        _lineLevel = reader.ReadBoolean();
    }
}
