using System.Buffers.Binary;
using Armvisor.Firmware.Acpi;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.Acpi;

public class AcpiTablesTests
{
    internal static readonly GuestPhysicalAddress TablesBase = new(0x7FF0_0000);

    internal static AcpiTables VirtTables(int cpus = 4, PsciConduit conduit = PsciConduit.Hvc) =>
        AcpiTables.Build(MachineDescription.QemuVirt(cpus, 0x4000_0000) with { PsciConduit = conduit }, TablesBase);

    public static TheoryData<string> SdtSignatures => ["XSDT", "FACP", "DSDT", "APIC", "GTDT", "SPCR"];

    [Theory]
    [MemberData(nameof(SdtSignatures))]
    public void Build_EachTable_ChecksumAndLengthValid(string signature)
    {
        var table = VirtTables().Table(signature);

        Assert.True(AcpiChecksum.IsValid(table));
        Assert.Equal((uint)table.Length, BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(4)));
        Assert.Equal(signature, System.Text.Encoding.ASCII.GetString(table, 0, 4));
    }

    [Fact]
    public void Build_Rsdp_BothChecksumsValidAndPointsAtXsdt()
    {
        var tables = VirtTables();
        var rsdp = tables.Table("RSD PTR ");

        Assert.True(AcpiChecksum.IsValid(rsdp.AsSpan(0, 20)));
        Assert.True(AcpiChecksum.IsValid(rsdp));
        Assert.Equal(2, rsdp[15]);
        Assert.Equal(tables.AddressOf("XSDT").Value, Rsdp.ReadXsdtAddress(rsdp));
    }

    [Fact]
    public void Build_Xsdt_ListsFadtMadtGtdtSpcr()
    {
        var tables = VirtTables();
        var xsdt = tables.Table("XSDT");

        var entries = Enumerable.Range(0, (xsdt.Length - 36) / 8).Select(i => BinaryPrimitives.ReadUInt64LittleEndian(xsdt.AsSpan(36 + (8 * i))));

        Assert.Equal(new[] { "FACP", "APIC", "GTDT", "SPCR" }.Select(s => tables.AddressOf(s).Value), entries);
    }

    [Theory]
    [InlineData(PsciConduit.Hvc, FadtBootFlags.PsciCompliant | FadtBootFlags.PsciUseHvc)]
    [InlineData(PsciConduit.Smc, FadtBootFlags.PsciCompliant)]
    public void Build_Fadt_HardwareReducedWithPsciBootFlags(PsciConduit conduit, FadtBootFlags expected)
    {
        var tables = VirtTables(conduit: conduit);
        var fadt = tables.Table("FACP");

        Assert.Equal(276, fadt.Length);
        Assert.Equal(expected, FadtBootFlagsField.Read(fadt));
        Assert.Equal(1u << 20, BinaryPrimitives.ReadUInt32LittleEndian(fadt.AsSpan(FadtLayout.FlagsOffset)) & (1u << 20));
        Assert.Equal(tables.AddressOf("DSDT").Value, BinaryPrimitives.ReadUInt64LittleEndian(fadt.AsSpan(FadtLayout.XDsdtOffset)));
        Assert.Equal(6, fadt[8]);
        Assert.Equal(FadtLayout.MinorRevision, fadt[FadtLayout.MinorVersionOffset]);
    }

    [Fact]
    public void Build_Madt_OneEnabledGiccPerCpuWithMpidrThenGicdAndGicr()
    {
        var madt = VirtTables(cpus: 18).Table("APIC");

        var offset = MadtLayout.FirstStructureOffset;
        for (var cpu = 0; cpu < 18; cpu++)
        {
            Assert.Equal(MadtLayout.GiccType, madt[offset]);
            Assert.Equal(MadtLayout.GiccLength, madt[offset + 1]);
            Assert.Equal((uint)cpu, BinaryPrimitives.ReadUInt32LittleEndian(madt.AsSpan(offset + MadtLayout.GiccCpuInterfaceNumberOffset)));
            Assert.Equal(MadtLayout.GiccEnabled, BinaryPrimitives.ReadUInt32LittleEndian(madt.AsSpan(offset + MadtLayout.GiccFlagsOffset)));
            var expectedMpidr = (ulong)((((uint)cpu / 16) << 8) | ((uint)cpu % 16));
            Assert.Equal(expectedMpidr, BinaryPrimitives.ReadUInt64LittleEndian(madt.AsSpan(offset + MadtLayout.GiccMpidrOffset)));
            Assert.Equal(23u, BinaryPrimitives.ReadUInt32LittleEndian(madt.AsSpan(offset + MadtLayout.GiccPerformanceGsivOffset))); // PMU PPI
            offset += MadtLayout.GiccLength;
        }

        Assert.Equal(MadtLayout.GicdType, madt[offset]);
        Assert.Equal(0x0800_0000UL, BinaryPrimitives.ReadUInt64LittleEndian(madt.AsSpan(offset + 8)));
        Assert.Equal(MadtLayout.GicVersion3, madt[offset + 20]);
        offset += MadtLayout.GicdLength;
        Assert.Equal(MadtLayout.GicrType, madt[offset]);
        Assert.Equal(0x080A_0000UL, BinaryPrimitives.ReadUInt64LittleEndian(madt.AsSpan(offset + 4)));
        Assert.Equal(madt.Length, offset + MadtLayout.GicrLength);
    }

    [Fact]
    public void Build_Gtdt_TimerGsivsInSpecOrder()
    {
        var gtdt = VirtTables().Table("GTDT");

        Assert.Equal(96, gtdt.Length);
        Assert.Equal(29u, BinaryPrimitives.ReadUInt32LittleEndian(gtdt.AsSpan(48)));
        Assert.Equal(30u, BinaryPrimitives.ReadUInt32LittleEndian(gtdt.AsSpan(56)));
        Assert.Equal(27u, BinaryPrimitives.ReadUInt32LittleEndian(gtdt.AsSpan(64)));
        Assert.Equal(26u, BinaryPrimitives.ReadUInt32LittleEndian(gtdt.AsSpan(72)));
        Assert.Equal(Gtdt.AlwaysOn, BinaryPrimitives.ReadUInt32LittleEndian(gtdt.AsSpan(68)));
    }

    [Fact]
    public void Build_Spcr_Pl011WithBaseAndGsiv()
    {
        var spcr = VirtTables().Table("SPCR");

        Assert.Equal(Spcr.InterfaceTypePl011, spcr[36]);
        Assert.Equal(0x0900_0000UL, BinaryPrimitives.ReadUInt64LittleEndian(spcr.AsSpan(44)));
        Assert.Equal(33u, BinaryPrimitives.ReadUInt32LittleEndian(spcr.AsSpan(54)));
    }

    [Fact]
    public void Build_MisalignedBase_ThrowsLayoutException()
    {
        Assert.Throws<FirmwareLayoutException>(() =>
            AcpiTables.Build(MachineDescription.QemuVirt(1, 0x4000_0000), new GuestPhysicalAddress(0x7FF0_0004)));
    }

    [Fact]
    public void Build_QemuVirtFourCpus_MatchesGolden()
    {
        GoldenFile.AssertMatches("virt-4cpu-acpi.bin", VirtTables().Image);
    }
}
