using System.Buffers.Binary;
using System.Text;
using Armvisor.Firmware.Acpi;
using Armvisor.Firmware.DeviceTree;
using Armvisor.Firmware.Efi;
using Armvisor.Firmware.MpStartup;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.Efi;

public class EfiTests
{
    private const ulong RamBase = 0x4000_0000;
    private const ulong RamSize = 0x4000_0000;

    private static MachineDescription Machine() => MachineDescription.QemuVirt(4, RamSize);

    private static AcpiBootImage BuildImage()
    {
        var machine = Machine();
        var size = (AcpiBootFirmware.RegionSize(machine) + 0xFFFF) & ~0xFFFFUL;
        return AcpiBootFirmware.Build(machine, new AddressRange(new GuestPhysicalAddress(RamBase + RamSize - size), size));
    }

    [Fact]
    public void Compute_CheckString_MatchesCrc32Reference()
    {
        Assert.Equal(0xCBF4_3926u, EfiCrc32.Compute("123456789"u8));
    }

    [Fact]
    public void Build_SystemTable_HeaderSignatureRevisionAndCrcValid()
    {
        var block = EfiSystemTable.Build(new GuestPhysicalAddress(0x7FFF_0000), new GuestPhysicalAddress(0x7FFE_0000));

        Assert.Equal(EfiSystemTable.SystemTableSignature, BinaryPrimitives.ReadUInt64LittleEndian(block));
        Assert.Equal("IBI SYST", Encoding.ASCII.GetString(block, 0, 8));
        Assert.Equal(EfiSystemTable.Revision, BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(8)));
        Assert.Equal(120u, BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(12)));
        var header = block.AsSpan(0, 120).ToArray();
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16));
        header.AsSpan(16, 4).Clear();
        Assert.Equal(EfiCrc32.Compute(header), crc);
    }

    [Fact]
    public void Build_SystemTable_VendorAndAcpi20ConfigurationEntry()
    {
        var systemTable = new GuestPhysicalAddress(0x7FFF_0000);
        var block = EfiSystemTable.Build(systemTable, new GuestPhysicalAddress(0x7FFE_0000));

        var vendor = BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(24)) - systemTable.Value;
        Assert.Equal("Armvisor", Encoding.Unicode.GetString(block, (int)vendor, 16));
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(104)));
        var config = (int)(BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(112)) - systemTable.Value);
        Assert.Equal(Convert.FromHexString("71E86888F1E4D311BC220080C73C8881"), block.AsSpan(config, 16).ToArray());
        Assert.Equal(0x7FFE_0000UL, BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(config + 16)));
    }

    [Fact]
    public void Build_RuntimeProperties_NoServiceSupported()
    {
        var systemTable = new GuestPhysicalAddress(0x7FFF_0000);
        var block = EfiSystemTable.Build(systemTable, new GuestPhysicalAddress(0x7FFE_0000));
        var config = (int)(BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(112)) - systemTable.Value) + 24;

        Assert.Equal(EfiGuids.RuntimePropertiesTable.ToByteArray(), block.AsSpan(config, 16).ToArray());
        var properties = (int)(BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(config + 16)) - systemTable.Value);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(properties)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(properties + 4)));
    }

    [Fact]
    public void Build_RuntimeServices_EveryEntryPointsAtUnsupportedStub()
    {
        var systemTable = new GuestPhysicalAddress(0x7FFF_0000);
        var block = EfiSystemTable.Build(systemTable, new GuestPhysicalAddress(0x7FFE_0000));

        var runtime = (int)(BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(88)) - systemTable.Value);
        Assert.Equal("RUNTSERV", Encoding.ASCII.GetString(block, runtime, 8));
        var stubs = Enumerable.Range(0, 14).Select(i => BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(runtime + 24 + (8 * i)))).Distinct().ToList();
        var stub = Assert.Single(stubs);
        // movz x0, #3 ; movk x0, #0x8000, lsl #48 ; ret
        Assert.Equal(new uint[] { 0xD280_0060, 0xF2F0_0000, 0xD65F_03C0 },
            Enumerable.Range(0, 3).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan((int)(stub - systemTable.Value) + (4 * i)))));
    }

    [Fact]
    public void Build_MemoryMap_CoversAllRamWithoutOverlap()
    {
        var image = BuildImage();

        var descriptors = image.MemoryMapDescriptors;
        Assert.Equal(RamSize, descriptors.Aggregate(0UL, (sum, d) => sum + d.Range.Length));
        Assert.Equal(RamBase, descriptors[0].Range.Start.Value);
        for (var i = 1; i < descriptors.Count; i++)
        {
            Assert.Equal(descriptors[i - 1].Range.End, descriptors[i].Range.Start);
        }
    }

    [Fact]
    public void Build_MemoryMap_MailboxesReservedTablesReclaimRuntimeFlagged()
    {
        var image = BuildImage();

        var reserved = Assert.Single(image.MemoryMapDescriptors, d => d.Type == EfiMemoryType.Reserved);
        Assert.All(image.MpStartup.Mailboxes.Mailboxes, m => Assert.True(reserved.Range.Contains(m.Address, 4096)));
        var reclaim = Assert.Single(image.MemoryMapDescriptors, d => d.Type == EfiMemoryType.AcpiReclaim);
        Assert.True(reclaim.Range.Contains(image.Tables.Base, (ulong)image.Tables.Image.Length));
        Assert.True(reclaim.Range.Contains(image.MemoryMapAddress, (ulong)image.MemoryMap.Length));
        var runtime = Assert.Single(image.MemoryMapDescriptors, d => d.Type == EfiMemoryType.RuntimeServicesCode);
        Assert.True(runtime.Attribute.HasFlag(EfiMemoryAttribute.Runtime));
        Assert.Equal(image.SystemTable, runtime.Range.Start);
        Assert.DoesNotContain(image.MemoryMapDescriptors, d => d.Type == EfiMemoryType.Conventional && d.Attribute.HasFlag(EfiMemoryAttribute.Runtime));
    }

    [Fact]
    public void Build_AcpiBootImage_TablesRewrittenForParkingProtocol()
    {
        var image = BuildImage();

        Assert.Equal(FadtBootFlags.None, FadtBootFlagsField.Read(image.Tables.Table(FadtLayout.Signature)));
        var giccs = MadtParser.Parse(image.Tables.Table(MadtLayout.Signature)).GicCpuInterfaces;
        Assert.All(giccs.Skip(1), g => Assert.Equal(1u, g.ParkingProtocolVersion));
        Assert.True(AcpiChecksum.IsValid(image.Tables.Table(MadtLayout.Signature)));
        Assert.True(AcpiChecksum.IsValid(image.Tables.Table(FadtLayout.Signature)));
    }

    [Fact]
    public void WriteTo_Ram_RsdpReachableFromSystemTable()
    {
        var image = BuildImage();
        using var ram = new GuestRam(new GuestPhysicalAddress(RamBase), RamSize);

        image.WriteTo(ram);

        var config = new GuestPhysicalAddress(ram.Read<ulong>(image.SystemTable + 112));
        var rsdp = new GuestPhysicalAddress(ram.Read<ulong>(config + 16));
        var signature = new byte[8];
        ram.Read(rsdp, signature);
        Assert.Equal("RSD PTR ", Encoding.ASCII.GetString(signature));
        Assert.Equal(0xFFFF_FFFFu, ram.Read<uint>(image.MpStartup.Mailboxes.Mailboxes[0].Address));
    }

    [Fact]
    public void BuildDeviceTree_UefiParameters_MatchImage()
    {
        var image = BuildImage();

        var chosen = FdtReader.Parse(image.BuildDeviceTree("console=ttyAMA0", null)).Root.FindPath("/chosen")!;

        Assert.Equal(image.SystemTable.Value, chosen.FindProperty("linux,uefi-system-table")!.AsU64());
        Assert.Equal(image.MemoryMapAddress.Value, chosen.FindProperty("linux,uefi-mmap-start")!.AsU64());
        Assert.Equal((uint)image.MemoryMap.Length, chosen.FindProperty("linux,uefi-mmap-size")!.AsU32());
        Assert.Equal(1u, chosen.FindProperty("linux,uefi-mmap-desc-ver")!.AsU32());
    }

    [Fact]
    public void Build_RegionTooSmall_ThrowsLayoutException()
    {
        Assert.Throws<FirmwareLayoutException>(() =>
            AcpiBootFirmware.Build(Machine(), new AddressRange(new GuestPhysicalAddress(RamBase + RamSize - 0x1000), 0x1000)));
    }

    [Fact]
    public void IaslDisassemble_RewrittenMadt_ShowsParkingFields()
    {
        var image = BuildImage();
        using var directory = new TemporaryDirectory();
        File.WriteAllBytes(directory.File("apic.dat"), image.Tables.Table(MadtLayout.Signature));

        var (exitCode, output) = ExternalTool.Run("iasl", directory.Path, "-d", "apic.dat");

        Assert.True(exitCode == 0, output);
        var dsl = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(directory.File("apic.dsl")), "[ \t]+", " ");
        Assert.Contains("Parking Protocol Version : 00000001", dsl, StringComparison.Ordinal);
        Assert.Contains($"Parked Address : {image.MpStartup.Mailboxes.Mailboxes[0].Address.Value:X16}", dsl, StringComparison.Ordinal);
    }
}
