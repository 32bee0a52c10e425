using Armvisor.Firmware.DeviceTree;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.DeviceTree;

public class DtsWriterTests
{
    private static byte[] Virt() => DeviceTreeBuilder.Build(MachineDescription.QemuVirt(2, 0x4000_0000) with
    {
        BootArgs = "console=ttyAMA0 \"quoted\" back\\slash",
        Initrd = new AddressRange(new GuestPhysicalAddress(0x4800_0000), 0x80_0000),
    });

    [Fact]
    public void Write_GeneratedVirtTree_DtcCompilesItBackToTheSameTree()
    {
        using var directory = new TemporaryDirectory();
        var tree = FdtReader.Parse(Virt());
        tree.Reservations.Add((0x4000_0000, 0x1000));
        File.WriteAllText(directory.File("virt.dts"), DtsWriter.Write(tree));

        var (exitCode, output) = ExternalTool.Run("dtc", directory.Path, "-I", "dts", "-O", "dtb", "-o", "virt.dtb", "virt.dts");

        Assert.True(exitCode == 0, output);
        var compiled = FdtReader.Parse(File.ReadAllBytes(directory.File("virt.dtb")));
        Assert.Equal(tree.Reservations, compiled.Reservations);
        AssertSameNode(tree.Root, compiled.Root, "/");
    }

    [Fact]
    public void Write_PropertyForms_StringsCellsBytesAndEmpty()
    {
        var root = new FdtNode(string.Empty);
        root.SetProperty("compatible", "linux,dummy-virt\0arm,virt\0"u8.ToArray());
        root.SetProperty("reg", [0, 0, 0, 1, 0x40, 0, 0, 0]);
        root.SetProperty("mac", [1, 2, 3, 0xab, 5, 6]);
        root.SetProperty("dma-coherent", []);
        root.GetOrAddChild("cpu@0");

        string dts = DtsWriter.Write(new FdtTree(root, [], 0));

        Assert.Equal(
            "/dts-v1/;\n\n/ {\n\tcompatible = \"linux,dummy-virt\", \"arm,virt\";\n\treg = <0x01 0x40000000>;\n\tmac = [01 02 03 ab 05 06];\n\tdma-coherent;\n\n\tcpu@0 {\n\t};\n};\n",
            dts);
    }

    private static void AssertSameNode(FdtNode expected, FdtNode actual, string path)
    {
        Assert.Equal(expected.Properties.Select(p => (p.Name, Convert.ToHexString(p.Value))), actual.Properties.Select(p => (p.Name, Convert.ToHexString(p.Value))));
        Assert.Equal(expected.Children.Select(c => c.Name), actual.Children.Select(c => c.Name));
        for (int i = 0; i < expected.Children.Count; i++)
        {
            AssertSameNode(expected.Children[i], actual.Children[i], path + expected.Children[i].Name + "/");
        }
    }
}
