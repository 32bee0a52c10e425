using Armvisor.Firmware.DeviceTree;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.DeviceTree;

/// <summary>The PRDA alias is advertised as /prda@IPA, compatible "armvisor,prda", reg = the one page (patents.md §3).</summary>
public class PrivateDataAreaNodeTests
{
    [Fact]
    public void Build_WithPrivateDataArea_AdvertisesAliasPage()
    {
        MachineDescription machine = MachineDescription.QemuVirt(2, 0x4000_0000) with
        {
            PrivateDataArea = new AddressRange(new GuestPhysicalAddress(0x090C_0000), 0x1000),
        };

        FdtNode? node = FdtReader.Parse(DeviceTreeBuilder.Build(machine)).Root.FindChild("prda@90c0000");

        Assert.NotNull(node);
        Assert.Equal(["armvisor,prda"], node.FindProperty("compatible")!.AsStrings());
        Assert.Equal([0u, 0x090C_0000u, 0u, 0x1000u], node.FindProperty("reg")!.AsCells());
    }

    [Fact]
    public void Build_WithoutPrivateDataArea_HasNoNode()
    {
        FdtTree tree = FdtReader.Parse(DeviceTreeBuilder.Build(MachineDescription.QemuVirt(2, 0x4000_0000)));

        Assert.DoesNotContain(tree.Root.Children, c => c.Name.StartsWith("prda@", StringComparison.Ordinal));
    }
}
