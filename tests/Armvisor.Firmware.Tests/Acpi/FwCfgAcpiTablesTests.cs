using System.Buffers.Binary;
using Armvisor.Firmware.Acpi;
using Armvisor.Firmware.Acpi.TableLoader;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.Acpi;

public class FwCfgAcpiTablesTests
{
    private static readonly MachineDescription Virt = MachineDescription.QemuVirt(4, 0x4000_0000);

    private static TableLoaderInterpreter Link(FwCfgAcpiTables blobs, Func<string, uint, ulong> place)
    {
        var loader = new TableLoaderInterpreter(new Dictionary<string, byte[]>
        {
            [FwCfgAcpiTables.TablesFile] = blobs.Tables,
            [FwCfgAcpiTables.RsdpFile] = blobs.Rsdp,
        }, place);
        loader.Run(blobs.Loader);
        return loader;
    }

    [Fact]
    public void Build_LinkedWhereTheDirectTablesLie_ByteIdenticalToThem()
    {
        // The RSDP where AcpiTables.Build puts it and the tables file right after it: the firmware's result must be
        // exactly the image the direct (no-firmware) ACPI boot uses at the same base.
        var blobs = FwCfgAcpiTables.Build(Virt);
        ulong rsdp = 0x7FF0_0010; // 16-aligned, and the tables file after it 64-aligned
        var loader = Link(blobs, (file, _) => file == FwCfgAcpiTables.RsdpFile ? rsdp : rsdp + (ulong)blobs.TablesOffset);

        byte[] expected = AcpiTables.Build(Virt, new GuestPhysicalAddress(rsdp)).Image;
        byte[] linked = new byte[expected.Length];
        loader.Allocations[FwCfgAcpiTables.RsdpFile].Bytes.CopyTo(linked, 0);
        loader.Allocations[FwCfgAcpiTables.TablesFile].Bytes.CopyTo(linked, blobs.TablesOffset);
        Assert.Equal(expected, linked);
    }

    [Fact]
    public void Build_LinkedAnywhere_RsdpReachesEveryTableWithValidChecksums()
    {
        var blobs = FwCfgAcpiTables.Build(Virt);
        var loader = Link(blobs, (file, _) => file == FwCfgAcpiTables.RsdpFile ? 0x5C43_0000UL : 0x5C41_0000UL);
        var (tablesAddress, tables) = loader.Allocations[FwCfgAcpiTables.TablesFile];
        byte[] rsdp = loader.Allocations[FwCfgAcpiTables.RsdpFile].Bytes;

        Assert.True(AcpiChecksum.IsValid(rsdp.AsSpan(0, Rsdp.V1Length)));
        Assert.True(AcpiChecksum.IsValid(rsdp));
        byte[] Table(ulong address)
        {
            int offset = checked((int)(address - tablesAddress));
            return tables.AsSpan(offset, (int)BinaryPrimitives.ReadUInt32LittleEndian(tables.AsSpan(offset + 4))).ToArray();
        }

        byte[] xsdt = Table(Rsdp.ReadXsdtAddress(rsdp));
        var seen = new List<string> { "XSDT" };
        Assert.True(AcpiChecksum.IsValid(xsdt));
        for (int at = AcpiTableHeader.Size; at < xsdt.Length; at += 8)
        {
            byte[] table = Table(BinaryPrimitives.ReadUInt64LittleEndian(xsdt.AsSpan(at)));
            Assert.True(AcpiChecksum.IsValid(table));
            seen.Add(System.Text.Encoding.ASCII.GetString(table, 0, 4));
            if (seen[^1] == FadtLayout.Signature)
            {
                ulong dsdt = BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(FadtLayout.XDsdtOffset));
                Assert.Equal(dsdt, BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(FadtLayout.DsdtOffset)));
                Assert.True(AcpiChecksum.IsValid(Table(dsdt)));
                seen.Add("DSDT");
            }
        }

        Assert.Equal(["XSDT", "FACP", "DSDT", "APIC", "GTDT", "SPCR"], seen);
    }

    [Fact]
    public void Build_Script_AllocatesBeforeUseAndEachEntryIs128Bytes()
    {
        var blobs = FwCfgAcpiTables.Build(Virt);

        Assert.Equal(0, blobs.Loader.Length % 128);
        Assert.Equal((uint)TableLoaderCommand.Allocate, BinaryPrimitives.ReadUInt32LittleEndian(blobs.Loader));
        Assert.Equal(FwCfgAcpiTables.TablesFile, System.Text.Encoding.ASCII.GetString(blobs.Loader, 4, FwCfgAcpiTables.TablesFile.Length));
        // 2 allocations, 2 FADT + 4 XSDT + 1 RSDP pointers, 6 SDT + 2 RSDP checksums.
        Assert.Equal(2 + 7 + 8, blobs.Loader.Length / 128);
    }

    [Fact]
    public void Build_ChecksumFieldsInTheFiles_AreZeroAsTheFirmwareExpects()
    {
        var blobs = FwCfgAcpiTables.Build(Virt);

        Assert.Equal(0, blobs.Tables[AcpiTableHeader.ChecksumOffset]);
        Assert.Equal(0, blobs.Rsdp[Rsdp.ChecksumOffset]);
        Assert.Equal(0, blobs.Rsdp[Rsdp.ExtendedChecksumOffset]);
    }
}
