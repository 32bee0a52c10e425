using Armvisor.Firmware.DeviceTree;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.DeviceTree;

public class DeviceTreeBuilderTests
{
    private static MachineDescription GoldenMachine() => MachineDescription.QemuVirt(4, 0x8000_0000) with
    {
        BootArgs = "console=ttyAMA0 earlycon=pl011,0x09000000 root=/dev/vda rw",
        Initrd = new AddressRange(new GuestPhysicalAddress(0x4800_0000), 0x80_0000),
    };

    [Fact]
    public void Build_QemuVirtFourCpus_MatchesGolden()
    {
        GoldenFile.AssertMatches("virt-4cpu.dtb", DeviceTreeBuilder.Build(GoldenMachine()));
    }

    [Fact]
    public void Build_QemuVirt_AcceptedByDtcWithAllNodes()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllBytes(directory.File("virt.dtb"), DeviceTreeBuilder.Build(GoldenMachine()));

        var (exitCode, output) = ExternalTool.Run("dtc", directory.Path, "-I", "dtb", "-O", "dts", "-o", "virt.dts", "virt.dtb");

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("Warning", output, StringComparison.Ordinal);
        var dts = File.ReadAllText(directory.File("virt.dts"));
        foreach (var node in new[]
                 {
                     "chosen {", "aliases {", "memory@40000000 {", "cpus {", "cpu@3 {", "psci {", "intc@8000000 {",
                     "timer {", "pmu {", "apb-pclk {", "pl011@9000000 {", "pl031@9010000 {", "virtio_mmio@a000000 {",
                     "virtio_mmio@a003e00 {",
                 })
        {
            Assert.Contains(node, dts, StringComparison.Ordinal);
        }

        Assert.Contains("linux,initrd-start = <0x00 0x48000000>;", dts, StringComparison.Ordinal);
        Assert.Contains("clock-names = \"uartclk\\0apb_pclk\";", dts, StringComparison.Ordinal);
        Assert.Contains("compatible = \"arm,armv8-pmuv3\";", dts, StringComparison.Ordinal);
        Assert.Contains("interrupts = <0x01 0x07 0x04>;", dts, StringComparison.Ordinal); // PMU: PPI 7 (INTID 23), level-high
    }

    [Fact]
    public void Build_WithGpio_PowerButtonNodesAcceptedByDtc()
    {
        using var directory = new TemporaryDirectory();
        var machine = GoldenMachine() with { Gpio = new MmioDeviceDescription(new GuestPhysicalAddress(0x0903_0000), 0x1000, 7) };
        File.WriteAllBytes(directory.File("virt.dtb"), DeviceTreeBuilder.Build(machine));

        var (exitCode, output) = ExternalTool.Run("dtc", directory.Path, "-I", "dtb", "-O", "dts", "-o", "virt.dts", "virt.dtb");

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("Warning", output, StringComparison.Ordinal);
        string dts = File.ReadAllText(directory.File("virt.dts"));
        string pl061 = Node(dts, "pl061@9030000 {");
        Assert.Contains("compatible = \"arm,pl061\\0arm,primecell\";", pl061, StringComparison.Ordinal);
        Assert.Contains("interrupts = <0x00 0x07 0x04>;", pl061, StringComparison.Ordinal);
        Assert.Contains("gpio-controller;", pl061, StringComparison.Ordinal);
        Assert.Contains("#gpio-cells = <0x02>;", pl061, StringComparison.Ordinal);
        Assert.Contains("phandle = <0x8002>;", pl061, StringComparison.Ordinal);
        string key = Node(dts, "poweroff {");
        Assert.Contains("gpios = <0x8002 0x03 0x00>;", key, StringComparison.Ordinal);
        Assert.Contains("linux,code = <0x74>;", key, StringComparison.Ordinal);   // KEY_POWER
        Assert.Contains("compatible = \"gpio-keys\";", Node(dts, "gpio-keys {"), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithoutGpio_HasNoPowerButton()
    {
        var tree = FdtReader.Parse(DeviceTreeBuilder.Build(GoldenMachine()));

        Assert.Null(tree.Root.FindPath("/gpio-keys"));
    }

    /// <summary>The text of the dts node opened by <paramref name="header"/>, up to its closing brace.</summary>
    private static string Node(string dts, string header)
    {
        int start = dts.IndexOf(header, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no node {header}");
        return dts[start..dts.IndexOf("};", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void Build_Cpus_RegIsMpidrAffinityWithPsci()
    {
        var tree = FdtReader.Parse(DeviceTreeBuilder.Build(MachineDescription.QemuVirt(18, 0x4000_0000)));

        var cpu17 = tree.Root.FindPath("/cpus/cpu@101")!;
        Assert.Equal(0x101u, cpu17.FindProperty("reg")!.AsU32());
        Assert.Equal(["psci"], cpu17.FindProperty("enable-method")!.AsStrings());
        Assert.Equal(1u, tree.Root.FindPath("/cpus")!.FindProperty("#address-cells")!.AsU32());
    }

    [Fact]
    public void Build_SingleCpu_OmitsEnableMethod()
    {
        var tree = FdtReader.Parse(DeviceTreeBuilder.Build(MachineDescription.QemuVirt(1, 0x4000_0000)));

        Assert.Null(tree.Root.FindPath("/cpus/cpu@0")!.FindProperty("enable-method"));
    }

    [Fact]
    public void Build_Aff3Mpidr_UsesTwoAddressCells()
    {
        var machine = MachineDescription.QemuVirt(2, 0x4000_0000) with { CpuMpidrs = [0x0, 0x1_0000_0000] };

        var tree = FdtReader.Parse(DeviceTreeBuilder.Build(machine));

        Assert.Equal(2u, tree.Root.FindPath("/cpus")!.FindProperty("#address-cells")!.AsU32());
        Assert.Equal(0x1_0000_0000UL, tree.Root.FindPath("/cpus/cpu@100000000")!.FindProperty("reg")!.AsU64());
    }

    [Theory]
    [InlineData(PsciConduit.Hvc, "hvc")]
    [InlineData(PsciConduit.Smc, "smc")]
    public void Build_PsciConduit_SetsMethod(PsciConduit conduit, string method)
    {
        var machine = MachineDescription.QemuVirt(2, 0x4000_0000) with { PsciConduit = conduit };

        var psci = FdtReader.Parse(DeviceTreeBuilder.Build(machine)).Root.FindPath("/psci")!;

        Assert.Equal([method], psci.FindProperty("method")!.AsStrings());
        Assert.Equal(["arm,psci-1.0", "arm,psci-0.2", "arm,psci"], psci.FindProperty("compatible")!.AsStrings());
    }

    [Fact]
    public void Build_Timer_FourPpisLevelHighWithoutCpuMask()
    {
        var timer = FdtReader.Parse(DeviceTreeBuilder.Build(GoldenMachine())).Root.FindPath("/timer")!;

        Assert.Equal([1u, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4], timer.FindProperty("interrupts")!.AsCells());
        Assert.NotNull(timer.FindProperty("always-on"));
    }

    [Fact]
    public void Build_AArch32Cpus_DescribesCortexA15AsQemuVirt()
    {
        var root = FdtReader.Parse(DeviceTreeBuilder.Build(MachineDescription.QemuVirt(2, 0x2000_0000) with { AArch32Cpus = true })).Root;

        // QEMU 7.2 -M virt -cpu cortex-a15: "arm,cortex-a15" cpus with PSCI, an ARMv7 timer only, no PMUv3.
        Assert.Equal(["arm,cortex-a15"], root.FindPath("/cpus/cpu@1")!.FindProperty("compatible")!.AsStrings());
        Assert.Equal("psci", root.FindPath("/cpus/cpu@1")!.FindProperty("enable-method")!.AsStrings()[0]);
        Assert.Equal(["arm,armv7-timer"], root.FindPath("/timer")!.FindProperty("compatible")!.AsStrings());
        Assert.Null(root.FindPath("/pmu"));
        var a64 = FdtReader.Parse(DeviceTreeBuilder.Build(MachineDescription.QemuVirt(2, 0x2000_0000))).Root;
        Assert.Equal(["arm,cortex-a57"], a64.FindPath("/cpus/cpu@1")!.FindProperty("compatible")!.AsStrings());
        Assert.NotNull(a64.FindPath("/pmu"));
    }

    [Fact]
    public void Build_VirtioSlots_EachHasOwnEdgeRisingSpi()
    {
        var root = FdtReader.Parse(DeviceTreeBuilder.Build(GoldenMachine())).Root;

        var slots = root.Children.Where(c => c.Name.StartsWith("virtio_mmio@", StringComparison.Ordinal)).ToList();
        Assert.Equal(32, slots.Count);
        Assert.Equal([0u, 47, 1], root.FindPath("/virtio_mmio@a003e00")!.FindProperty("interrupts")!.AsCells());
    }

    [Fact]
    public void Build_Gic_DescribesDistributorAndRedistributorRegion()
    {
        var gic = FdtReader.Parse(DeviceTreeBuilder.Build(GoldenMachine())).Root.FindPath("/intc@8000000")!;

        Assert.Equal([0u, 0x0800_0000, 0, 0x1_0000, 0, 0x080A_0000, 0, 0xF6_0000], gic.FindProperty("reg")!.AsCells());
        Assert.Equal(3u, gic.FindProperty("#interrupt-cells")!.AsU32());
        Assert.Equal(DeviceTreeBuilder.GicPhandle, gic.FindProperty("phandle")!.AsU32());
    }

    [Fact]
    public void Build_KaslrSeed_AddedToChosenOnlyWhenSet()
    {
        var withSeed = FdtReader.Parse(DeviceTreeBuilder.Build(GoldenMachine() with { KaslrSeed = 0x1234 })).Root.FindPath("/chosen")!;
        var without = FdtReader.Parse(DeviceTreeBuilder.Build(GoldenMachine())).Root.FindPath("/chosen")!;

        Assert.Equal(0x1234UL, withSeed.FindProperty("kaslr-seed")!.AsU64());
        Assert.Null(without.FindProperty("kaslr-seed"));
    }

    [Fact]
    public void Build_RngSeed_AddedToChosenOnlyWhenSet()
    {
        byte[] seed = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        var withSeed = FdtReader.Parse(DeviceTreeBuilder.Build(GoldenMachine() with { RngSeed = seed })).Root.FindPath("/chosen")!;
        var without = FdtReader.Parse(DeviceTreeBuilder.Build(GoldenMachine())).Root.FindPath("/chosen")!;

        Assert.Equal(seed, withSeed.FindProperty("rng-seed")!.Value);
        Assert.Null(without.FindProperty("rng-seed"));
    }

    [Fact]
    public void BuildUefiStub_Parameters_OnlyChosenUnderRoot()
    {
        var uefi = new UefiBootParameters(new GuestPhysicalAddress(0x7FF0_0000), new GuestPhysicalAddress(0x7FF0_1000), 240, 48, 1);

        var root = FdtReader.Parse(DeviceTreeBuilder.BuildUefiStub(uefi, "acpi=force", null)).Root;

        Assert.Equal(["chosen"], root.Children.Select(c => c.Name));
        var chosen = root.FindPath("/chosen")!;
        Assert.Equal(0x7FF0_0000UL, chosen.FindProperty("linux,uefi-system-table")!.AsU64());
        Assert.Equal(48u, chosen.FindProperty("linux,uefi-mmap-desc-size")!.AsU32());
        Assert.Equal(8, chosen.FindProperty("linux,uefi-mmap-start")!.Value.Length);
    }
}
