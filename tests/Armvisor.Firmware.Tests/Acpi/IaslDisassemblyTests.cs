using Armvisor.Firmware.Acpi;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.Acpi;

/// <summary>Each table must be readable by the real ACPICA disassembler (Debian acpica-tools, `iasl -d`).</summary>
public class IaslDisassemblyTests
{
    /// <summary>
    /// `iasl -d` only takes tables with the common header, so the RSDP is checked the other way round: ACPICA's data
    /// table compiler builds an RSDP (computing both checksums itself) from the field values, and the bytes must match.
    /// </summary>
    [Fact]
    public void IaslCompile_RsdpSource_ProducesIdenticalBytes()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("rsdp.asl"), """
            [0008]                           Signature : "RSD PTR "
            [0001]                            Checksum : 00
            [0006]                              Oem ID : "ARMVSR"
            [0001]                            Revision : 02
            [0004]                        RSDT Address : 00000000
            [0004]                              Length : 00000024
            [0008]                        XSDT Address : 000000007FF00030
            [0001]                   Extended Checksum : 00
            [0003]                            Reserved : 000000
            """);

        var (exitCode, output) = ExternalTool.Run("iasl", directory.Path, "rsdp.asl");

        Assert.True(exitCode == 0, output);
        Assert.Equal(File.ReadAllBytes(directory.File("rsdp.aml")), AcpiTablesTests.VirtTables().Table("RSD PTR "));
    }

    public static TheoryData<string, string, string[]> Tables => new()
    {
        { "XSDT", "xsdt", ["ACPI Table Address   0 : 000000007FF00080"] },
        { "FACP", "facp", ["Hardware Reduced (V5) : 1", "PSCI Compliant : 1", "Must use HVC for PSCI : 1"] },
        { "APIC", "apic", ["Subtable Type : 0B [Generic Interrupt Controller]", "ARM MPIDR : 0000000000000003", "Subtable Type : 0C [Generic Interrupt Distributor]", "Subtable Type : 0E [Generic Interrupt Redistributor]", "Version : 03"] },
        { "GTDT", "gtdt", ["Virtual Timer Interrupt : 0000001B", "Always On : 1"] },
        { "SPCR", "spcr", ["Interface Type : 03", "Address : 0000000009000000", "Interrupt : 00000021"] },
        { "DSDT", "dsdt", ["Name (_HID, \"ARMH0011\")", "Name (_HID, \"LNRO0005\")", "Name (_HID, \"ACPI0007\" /* Processor Device */)", "0x09000000,         // Address Base", "0x0000004F,"] },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void IaslDisassemble_EachTable_NoErrorsAndFieldsShown(string signature, string file, string[] expected)
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllBytes(directory.File(file + ".dat"), AcpiTablesTests.VirtTables().Table(signature));

        var (exitCode, output) = ExternalTool.Run("iasl", directory.Path, "-d", file + ".dat");

        Assert.True(exitCode == 0, output);
        var dsl = File.ReadAllText(directory.File(file + ".dsl"));
        Assert.DoesNotContain("**** ", dsl, StringComparison.Ordinal);       // iasl marks bad fields/checksums with ****
        Assert.DoesNotContain("Invalid", dsl, StringComparison.OrdinalIgnoreCase);
        var normalized = System.Text.RegularExpressions.Regex.Replace(dsl, "[ \t]+", " ");
        foreach (var text in expected)
        {
            Assert.Contains(System.Text.RegularExpressions.Regex.Replace(text, "[ \t]+", " "), normalized, StringComparison.Ordinal);
        }
    }

    /// <summary>The PRDA alias page (patents.md §3) is advertised in the DSDT as a PRP0001 device with the DT compatible.</summary>
    [Fact]
    public void IaslDisassemble_DsdtWithPrivateDataArea_ShowsPrp0001DeviceWithAliasPage()
    {
        var machine = MachineDescription.QemuVirt(2, 0x4000_0000) with
        {
            PrivateDataArea = new AddressRange(new GuestPhysicalAddress(0x090C_0000), 0x1000),
        };
        using var directory = new TemporaryDirectory();
        File.WriteAllBytes(directory.File("dsdt.dat"), AcpiTables.Build(machine, AcpiTablesTests.TablesBase).Table("DSDT"));

        var (exitCode, output) = ExternalTool.Run("iasl", directory.Path, "-d", "dsdt.dat");

        Assert.True(exitCode == 0, output);
        var dsl = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(directory.File("dsdt.dsl")), "[ \t]+", " ");
        Assert.DoesNotContain("**** ", dsl, StringComparison.Ordinal);
        Assert.Contains("Device (PRDA)", dsl, StringComparison.Ordinal);
        Assert.Contains("Name (_HID, \"PRP0001\")", dsl, StringComparison.Ordinal);
        Assert.Contains("ToUUID (\"daffd814-6eba-4d8c-8a91-bc9bbf4aa301\")", dsl, StringComparison.Ordinal);
        Assert.Contains("\"compatible\",", dsl, StringComparison.Ordinal);
        Assert.Contains("\"armvisor,prda\"", dsl, StringComparison.Ordinal);
        Assert.Contains("Memory32Fixed (ReadOnly,", dsl, StringComparison.Ordinal);
        Assert.Contains("0x090C0000, // Address Base", dsl, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DsdtWithoutPrivateDataArea_HasNoPrdaDevice()
    {
        var dsdt = AcpiTablesTests.VirtTables().Table("DSDT");

        Assert.Equal(-1, dsdt.AsSpan().IndexOf("PRP0001"u8));
    }
}
