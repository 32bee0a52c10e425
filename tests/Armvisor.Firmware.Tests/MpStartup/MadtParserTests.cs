using Armvisor.Firmware.Acpi;
using Armvisor.Firmware.MpStartup;

namespace Armvisor.Firmware.Tests.MpStartup;

public class MadtParserTests
{
    [Fact]
    public void Parse_BuiltMadt_ReadsEveryGicc()
    {
        var info = MadtParser.Parse(Madt.Build(MachineDescription.QemuVirt(3, 0x4000_0000)));

        Assert.True(info.ChecksumValid);
        Assert.Equal([0UL, 1, 2], info.GicCpuInterfaces.Select(g => g.Mpidr));
        Assert.All(info.GicCpuInterfaces, g => Assert.True(g.IsEnabled));
    }

    [Fact]
    public void Parse_WrongSignature_Throws()
    {
        var madt = Madt.Build(MachineDescription.QemuVirt(1, 0x4000_0000));
        madt[0] = (byte)'X';

        Assert.Throws<AcpiTableException>(() => MadtParser.Parse(madt));
    }

    [Fact]
    public void Parse_StructureOverrunningTable_Throws()
    {
        var madt = Madt.Build(MachineDescription.QemuVirt(1, 0x4000_0000));
        madt[MadtLayout.FirstStructureOffset + 1] = 0xFF;

        var error = Assert.Throws<AcpiTableException>(() => MadtParser.Parse(madt));

        Assert.Contains("bad length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ShortGicc_RejectedLikeLinux()
    {
        var madt = Madt.Build(MachineDescription.QemuVirt(1, 0x4000_0000));
        madt[MadtLayout.FirstStructureOffset + 1] = 60;

        var error = Assert.Throws<AcpiTableException>(() => MadtParser.Parse(madt));

        Assert.Contains("76-byte minimum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CorruptedChecksum_ReportedNotThrown()
    {
        var madt = Madt.Build(MachineDescription.QemuVirt(1, 0x4000_0000));
        madt[AcpiTableHeader.ChecksumOffset]++;

        Assert.False(MadtParser.Parse(madt).ChecksumValid);
    }
}
