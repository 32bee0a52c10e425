using System.Text;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>The kit's small parsers and command-line builders.</summary>
public sealed class LinuxKitParsingTests
{
    [Fact]
    public void KernelModuleInfoParse_ModinfoStrings_DependsSoftdepsAliasesAndName()
    {
        byte[] modinfo = Encoding.ASCII.GetBytes(
            "license=GPL\0softdep=pre: crypto-crc32c post: later\0depends=jbd2,mbcache,crc16\0alias=fs-ext4\0\0name=ext4\0");

        KernelModuleInfo info = KernelModuleInfo.Parse(modinfo, "fallback");

        Assert.Equal("ext4", info.Name);
        Assert.Equal(["jbd2", "mbcache", "crc16"], info.Depends);
        Assert.Equal(["crypto-crc32c"], info.SoftDependsBefore);
        Assert.Equal(["fs-ext4"], info.Aliases);
    }

    [Fact]
    public void KernelModuleInfoParse_NoNameEmptyDepends_FallbackNameNormalized()
    {
        KernelModuleInfo info = KernelModuleInfo.Parse("depends=\0"u8, "crc32c-generic");

        Assert.Equal("crc32c_generic", info.Name);
        Assert.Empty(info.Depends);
    }

    [Fact]
    public void DebianControlStanzaParseFirst_AptCacheShow_FieldsAndRelationNames()
    {
        const string text = "Package: linux-image-arm64\nVersion: 6.1.192-2\nDepends: linux-image-6.1.0-56-arm64 (= 6.1.192-2), foo:any | bar\n"
            + "Description: Linux\n more text\n\nPackage: second\n";

        var stanza = DebianControlStanza.ParseFirst(text);

        Assert.Equal("linux-image-arm64", stanza["Package"]);
        Assert.Equal("6.1.192-2", stanza["version"]);
        Assert.Equal(["linux-image-6.1.0-56-arm64", "foo"], stanza.RelationNames("Depends"));
        Assert.Equal("Linux\nmore text", stanza["Description"]);
    }

    [Theory]
    [InlineData("E: Failed to fetch http://deb.debian.org/x.deb  Temporary failure resolving 'deb.debian.org'", GuestKitFailure.NoNetwork)]
    [InlineData("E: Unable to locate package busybox-static:arm64", GuestKitFailure.PackageNotFound)]
    [InlineData("E: No packages found", GuestKitFailure.PackageNotFound)]
    [InlineData("E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)", GuestKitFailure.NotRoot)]
    [InlineData("E: Something else went wrong", GuestKitFailure.ToolFailed)]
    public void AptErrorKindClassify_AptMessages_Failure(string message, GuestKitFailure expected) =>
        Assert.Equal(expected, AptErrorKind.Classify(message));

    [Fact]
    public void DebianPackage_EpochVersion_FileNameAndCacheKeyEscaped()
    {
        var package = new DebianPackage("busybox-static", "1:1.35.0-4+deb12u1+b1", []);

        Assert.Equal("1%3a1.35.0-4+deb12u1+b1", package.FileNameVersion);
        Assert.Equal("busybox-static_1.1.35.0-4+deb12u1+b1", package.CacheKey);
    }

    [Fact]
    public void GuestTranscriptParse_ConsoleWithMarkersAndCr_ScriptsReadyAndProblems()
    {
        const string console = "[    0.000000] Booting Linux\r\n[    1.0] WARNING: CPU: 0 PID: 1 at foo\r\n"
            + "ARMVISOR-INITRAMFS-READY kernel=6.1.0-56-arm64 cpus=2\r\nARMVISOR-SCRIPT-BEGIN health\r\ncpus=2\r\nrtc=set x=1\r\n"
            + "ARMVISOR-SCRIPT-END health status=0\r\nARMVISOR-SCRIPT-BEGIN stress\r\nhalf\r\n";

        var transcript = GuestTranscript.Parse(console);

        Assert.True(transcript.IsReady);
        Assert.Equal(2, transcript.ReadyCpus);
        Assert.Equal(0, transcript.Script("health").Status);
        Assert.Equal(["cpus=2", "rtc=set x=1"], transcript.Script("health").Lines);
        Assert.Equal("set", transcript.Script("health").Value("rtc"));
        Assert.Equal("1", transcript.Script("health").Value("x"));
        Assert.Null(transcript.Script("stress").Status);
        Assert.Single(transcript.KernelProblems);
        Assert.Throws<KeyNotFoundException>(() => transcript.Script("blk"));
    }

    [Fact]
    public void GuestCommandLineToString_ScriptsThenParameters_KernelCommandLine()
    {
        var line = new GuestCommandLine
        {
            Run = ["commands", "health"],
            Then = AfterScripts.PowerOff,
            Parameters = new Dictionary<string, string> { ["stress_seconds"] = "5" },
            Extra = "quiet",
        };

        Assert.Equal("console=ttyAMA0 earlycon=pl011,0x9000000 armvisor.run=commands,health armvisor.then=poweroff armvisor.stress_seconds=5 quiet",
            line.ToString());
    }

    [Fact]
    public void GuestCommandLineToString_ValueWithSpace_Throws()
    {
        var line = new GuestCommandLine { Parameters = new Dictionary<string, string> { ["k"] = "a b" } };

        Assert.Throws<ArgumentException>(() => line.ToString());
    }

    [Fact]
    public void QemuCommandLineArguments_Configuration_VirtGicV3CortexA72NoNicWithSameKernelDrivesAndSizes()
    {
        var configuration = new MachineConfiguration
        {
            KernelPath = "/k/vmlinuz",
            InitrdPath = "/k/initrd.gz",
            Append = "console=ttyAMA0",
            Cpus = 4,
            MemoryBytes = 512UL << 20,
            Drives = [new DriveConfiguration("/d/a,b.img", ReadOnly: true)],
            NoReboot = true,
        };

        string arguments = string.Join(' ', QemuCommandLine.Arguments(configuration));

        Assert.Equal("-M virt,gic-version=3 -cpu cortex-a72 -smp 4 -m 512M -nic none -kernel /k/vmlinuz -append console=ttyAMA0 -no-reboot "
            + "-display none -monitor none -serial stdio -initrd /k/initrd.gz "
            + "-drive file=/d/a,,b.img,if=none,format=raw,id=drive0,readonly=on -device virtio-blk-device,drive=drive0", arguments);
    }

    [Fact]
    public void QemuCommandLineArguments_Interactive_NoGraphic()
    {
        var configuration = new MachineConfiguration { KernelPath = "/k/vmlinuz" };

        Assert.Contains("-nographic", QemuCommandLine.Arguments(configuration, interactive: true));
        Assert.DoesNotContain("-serial", QemuCommandLine.Arguments(configuration, interactive: true));
    }

    [Fact]
    public void QemuCommandLine_ArmhfZImage_QemuSystemArmWithCortexA15()
    {
        string directory = Directory.CreateTempSubdirectory("armvisor-zimage-").FullName;
        try
        {
            // A file with the zImage magic (0x016F2818 at 0x24, little-endian marker at 0x30) is an AArch32 kernel.
            byte[] zImage = new byte[0x1000];
            BitConverter.GetBytes(0x016F_2818u).CopyTo(zImage, 0x24);
            BitConverter.GetBytes(0x0403_0201u).CopyTo(zImage, 0x30);
            string kernel = Path.Combine(directory, "vmlinuz-armmp");
            File.WriteAllBytes(kernel, zImage);
            var configuration = new MachineConfiguration { KernelPath = kernel };

            Assert.Equal(CpuModel.CortexA15, Machine.EffectiveCpu(configuration));
            Assert.Equal("qemu-system-arm", QemuCommandLine.StartInfo(configuration, interactive: false).FileName);
            Assert.Equal(["-M", "virt,gic-version=3", "-cpu", "cortex-a15"], QemuCommandLine.Arguments(configuration).Take(4));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("armhf", GuestArchitecture.Armhf, "linux-image-armmp")]
    [InlineData("arm64", GuestArchitecture.Arm64, "linux-image-arm64")]
    [InlineData(null, GuestArchitecture.Arm64, "linux-image-arm64")]
    public void GuestArchitectureParse_DemoArch_KernelMetapackage(string? name, GuestArchitecture expected, string metapackage)
    {
        GuestArchitecture architecture = GuestArchitectureNames.Parse(name);

        Assert.Equal(expected, architecture);
        Assert.Equal(metapackage, architecture.KernelMetapackage());
        Assert.Throws<MachineConfigurationException>(() => GuestArchitectureNames.Parse("x86"));
    }

    [Theory]
    [InlineData("lpae", "linux-image-armmp-lpae")]
    [InlineData(null, "linux-image-armmp")]
    [InlineData("default", "linux-image-armmp")]
    public void ParseFlavour_ArmhfDemoKernelFlavour_KernelMetapackage(string? name, string metapackage)
    {
        KernelFlavour flavour = GuestArchitectureNames.ParseFlavour(name, GuestArchitecture.Armhf);

        Assert.Equal(metapackage, GuestArchitecture.Armhf.KernelMetapackage(flavour));
    }

    [Fact]
    public void ParseFlavour_LpaeOnArm64OrUnknown_IsConfigurationError()
    {
        Assert.Throws<MachineConfigurationException>(() => GuestArchitectureNames.ParseFlavour("lpae", GuestArchitecture.Arm64));
        Assert.Throws<MachineConfigurationException>(() => GuestArchitectureNames.ParseFlavour("rt", GuestArchitecture.Armhf));
    }
}
