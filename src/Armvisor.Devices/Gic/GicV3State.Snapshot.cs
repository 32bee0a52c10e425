namespace Armvisor.Devices.Gic;

/// <summary>
/// The GIC's state for a snapshot (IHI0069): GICD_CTLR's group enables, GICR_WAKER.ProcessorSleep per PE, and per
/// INTID (SGIs and PPIs banked per PE, then the SPIs) enable, pending latch, input level, active, group, trigger,
/// priority and GICD_IROUTER; then each CPU interface's ICC_* state.
/// </summary>
internal sealed partial class GicV3State
{
    private const uint StateTag = 0x5F43_4947; // "GIC_"

    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (Lock)
        {
            writer.Write(StateTag);
            writer.Write(CpuCount);
            writer.Write(SpiCount);
            writer.Write(EnableGroup0);
            writer.Write(EnableGroup1);
            for (int cpu = 0; cpu < CpuCount; cpu++)
            {
                writer.Write(ProcessorSleep[cpu]);
                foreach (GicInterrupt irq in _private[cpu])
                {
                    Save(writer, irq);
                }

                CpuInterfaces[cpu].SaveStateLocked(writer);
            }

            foreach (GicInterrupt irq in _spis)
            {
                Save(writer, irq);
            }
        }
    }

    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        lock (Lock)
        {
            if (reader.ReadUInt32() != StateTag)
            {
                throw new InvalidDataException("GICv3: the saved state does not start with its tag");
            }

            int cpus = reader.ReadInt32();
            int spis = reader.ReadInt32();
            if (cpus != CpuCount || spis != SpiCount)
            {
                throw new InvalidDataException($"GICv3: the saved GIC has {cpus} PEs and {spis} SPIs, this one {CpuCount} and {SpiCount}");
            }

            EnableGroup0 = reader.ReadBoolean();
            EnableGroup1 = reader.ReadBoolean();
            for (int cpu = 0; cpu < CpuCount; cpu++)
            {
                ProcessorSleep[cpu] = reader.ReadBoolean();
                foreach (GicInterrupt irq in _private[cpu])
                {
                    Restore(reader, irq);
                }

                CpuInterfaces[cpu].RestoreStateLocked(reader);
            }

            foreach (GicInterrupt irq in _spis)
            {
                Restore(reader, irq);
            }

            Update();
        }
    }

    private static void Save(BinaryWriter writer, GicInterrupt irq)
    {
        int flags = (irq.Enabled ? 1 : 0) | (irq.PendingLatch ? 2 : 0) | (irq.LineLevel ? 4 : 0) | (irq.Active ? 8 : 0)
            | (irq.Group1 ? 16 : 0) | (irq.EdgeTriggered ? 32 : 0);
        writer.Write((byte)flags);
        writer.Write(irq.Priority);
        writer.Write(irq.Router);
    }

    private static void Restore(BinaryReader reader, GicInterrupt irq)
    {
        int flags = reader.ReadByte();
        irq.Enabled = (flags & 1) != 0;
        irq.PendingLatch = (flags & 2) != 0;
        irq.LineLevel = (flags & 4) != 0;
        irq.Active = (flags & 8) != 0;
        irq.Group1 = (flags & 16) != 0;
        irq.EdgeTriggered = (flags & 32) != 0;
        irq.Priority = reader.ReadByte();
        irq.Router = reader.ReadUInt64();
    }
}
