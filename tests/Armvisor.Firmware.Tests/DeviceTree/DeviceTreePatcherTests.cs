using Armvisor.Firmware.DeviceTree;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.DeviceTree;

public class DeviceTreePatcherTests
{
    [Fact]
    public void PatchChosen_UserDtb_ReplacesBootargsAndAddsInitrd()
    {
        var machine = MachineDescription.QemuVirt(2, 0x4000_0000) with { BootArgs = "old" };
        var initrd = new AddressRange(new GuestPhysicalAddress(0x4800_0000), 0x10_0000);

        var patched = FdtReader.Parse(DeviceTreePatcher.PatchChosen(DeviceTreeBuilder.Build(machine), "new args", initrd));

        var chosen = patched.Root.FindPath("/chosen")!;
        Assert.Equal(["new args"], chosen.FindProperty("bootargs")!.AsStrings());
        Assert.Equal(0x4800_0000UL, chosen.FindProperty("linux,initrd-start")!.AsU64());
        Assert.Equal(0x4810_0000UL, chosen.FindProperty("linux,initrd-end")!.AsU64());
    }

    [Fact]
    public void PatchChosen_NoChosenNode_AddsIt()
    {
        var fdt = new FdtWriter();
        using (fdt.BeginNode(""))
        {
            fdt.PropertyString("model", "user");
        }

        var patched = FdtReader.Parse(DeviceTreePatcher.PatchChosen(fdt.Finish(), "root=/dev/vda", null));

        Assert.Equal(["root=/dev/vda"], patched.Root.FindPath("/chosen")!.FindProperty("bootargs")!.AsStrings());
        Assert.Equal(["user"], patched.Root.FindProperty("model")!.AsStrings());
    }

    [Fact]
    public void PatchChosen_MalformedDtb_ThrowsTyped()
    {
        var error = Assert.Throws<BootImageException>(() => DeviceTreePatcher.PatchChosen(new byte[64], "x", null));

        Assert.Equal(BootImageError.MalformedDeviceTree, error.Error);
    }
}
