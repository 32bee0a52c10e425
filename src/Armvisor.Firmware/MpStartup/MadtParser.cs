using System.Buffers.Binary;
using System.Text;
using Armvisor.Firmware.Acpi;

namespace Armvisor.Firmware.MpStartup;

/// <summary>
/// Parses the MADT that firmware loaded (ACPI 6.5 §5.2.12). Untrusted input: every structure length is bounds-checked,
/// and a GICC shorter than 76 bytes is rejected as Linux does (BAD_MADT_GICC_ENTRY).
/// </summary>
public static class MadtParser
{
    public static MadtInfo Parse(ReadOnlySpan<byte> madt)
    {
        if (madt.Length < MadtLayout.FirstStructureOffset || Encoding.ASCII.GetString(madt[..4]) != MadtLayout.Signature)
        {
            throw new AcpiTableException("MADT: missing \"APIC\" signature or shorter than its 44-byte header");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(madt[AcpiTableHeader.LengthOffset..]);
        if (length > madt.Length || length < MadtLayout.FirstStructureOffset)
        {
            throw new AcpiTableException($"MADT: Length {length} does not match the {madt.Length} bytes supplied");
        }

        madt = madt[..(int)length];
        var giccs = new List<MadtGicc>();
        var offset = MadtLayout.FirstStructureOffset;
        while (offset < madt.Length)
        {
            if (madt.Length - offset < 2 || madt[offset + 1] < 2 || madt[offset + 1] > madt.Length - offset)
            {
                throw new AcpiTableException($"MADT: interrupt controller structure at offset {offset} has a bad length");
            }

            var structureLength = madt[offset + 1];
            if (madt[offset] == MadtLayout.GiccType)
            {
                if (structureLength < MadtLayout.GiccMinimumLength)
                {
                    throw new AcpiTableException($"MADT: GICC at offset {offset} is {structureLength} bytes, below the 76-byte minimum");
                }

                var gicc = madt.Slice(offset, structureLength);
                giccs.Add(new MadtGicc(
                    offset,
                    structureLength,
                    BinaryPrimitives.ReadUInt32LittleEndian(gicc[MadtLayout.GiccCpuInterfaceNumberOffset..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(gicc[MadtLayout.GiccProcessorUidOffset..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(gicc[MadtLayout.GiccFlagsOffset..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(gicc[MadtLayout.GiccParkingProtocolVersionOffset..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(gicc[MadtLayout.GiccParkedAddressOffset..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(gicc[MadtLayout.GiccMpidrOffset..]) & MachineDescription.MpidrAffinityMask));
            }

            offset += structureLength;
        }

        return new MadtInfo(giccs, AcpiChecksum.IsValid(madt));
    }
}
