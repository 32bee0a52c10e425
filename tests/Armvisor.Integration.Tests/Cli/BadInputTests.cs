using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Cli;

/// <summary>Issue 3: every bad input gets one clear line on stderr and a non-zero exit code, never a stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private const int ConfigurationError = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-badinput-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string File(string name, byte[] content)
    {
        string path = Path.Combine(_directory, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    private static void AssertOneLineError(CliResult result, string expectedFragment)
    {
        Assert.Equal(ConfigurationError, result.ExitCode);
        string[] lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string line = Assert.Single(lines);
        Assert.StartsWith("armvisor: ", line, StringComparison.Ordinal);
        Assert.Contains(expectedFragment, line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingKernelFile_SaysNotFound()
    {
        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--kernel", Path.Combine(_directory, "nope")), "not found");
    }

    [Fact]
    public void Run_NotAnArm64Image_SaysSo()
    {
        // A raw file boots as QEMU's raw -kernel does; a gzip file must inflate to an Image.
        using var gzipped = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(new byte[4096]);
        }

        string kernel = File("garbage.gz", gzipped.ToArray());

        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--kernel", kernel), "not an arm64 Image");
    }

    [Fact]
    public void Run_ImageLargerThanRam_SaysSo()
    {
        // A valid header whose image_size (at 16) claims 64 MiB, on a 16 MiB machine.
        byte[] image = new byte[4096];
        BitConverter.TryWriteBytes(image.AsSpan(16), 64UL << 20);
        BitConverter.TryWriteBytes(image.AsSpan(56), 0x644D5241u);
        string kernel = File("Image", image);

        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--kernel", kernel, "--memory", "16M"), "RAM");
    }

    [Fact]
    public void Run_InitrdLargerThanRam_SaysSo()
    {
        byte[] image = new byte[4096];
        BitConverter.TryWriteBytes(image.AsSpan(16), 1UL << 20);
        BitConverter.TryWriteBytes(image.AsSpan(56), 0x644D5241u);
        string kernel = File("Image", image);
        string initrd = File("initrd", new byte[20 << 20]);

        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--kernel", kernel, "--initrd", initrd, "--memory", "16M"), "initrd");
    }

    [Fact]
    public void Run_OverlappingLoaders_SaysOverlap()
    {
        string a = File("a.bin", new byte[8192]);
        string b = File("b.bin", new byte[8192]);

        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--loader", $"file={a},addr=0x40000000", "--loader", $"file={b},addr=0x40001000"), "overlap");
    }

    [Fact]
    public void Run_MalformedUserDtb_SaysDeviceTree()
    {
        string dtb = File("bad.dtb", [0xD0, 0x0D, 0xFE, 0xED, 0, 0, 0, 4]);
        string loaded = File("x.bin", new byte[16]);

        AssertOneLineError(ArmvisorCli.Run(Timeout, "dump-dtb", "--dtb", dtb, "-o", Path.Combine(_directory, "out.dtb"), "--loader", $"file={loaded},addr=0x40000000"), "device tree");
    }

    [Fact]
    public void Run_BiosLargerThanFlashBank_SaysLarger()
    {
        string bios = Path.Combine(_directory, "huge.fd");
        using (FileStream file = System.IO.File.Create(bios))
        {
            file.SetLength((64L << 20) + 1);
        }

        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--bios", bios), "larger than the 64 MiB flash bank");
    }

    [Fact]
    public void Run_BiosMissing_SaysNotFound() =>
        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--bios", Path.Combine(_directory, "nope.fd")), "not found");

    [Fact]
    public void Run_PflashIsADirectory_SaysDirectory()
    {
        string bios = File("a.fd", new byte[4096]);
        string directory = Directory.CreateDirectory(Path.Combine(_directory, "vars.d")).FullName;

        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--bios", bios, "--pflash", $"{directory},unit=1"), "is a directory");
    }

    [Fact]
    public void Run_BiosAndPflashUnit0_SaysBankTaken()
    {
        string bios = File("a.fd", new byte[4096]);

        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--bios", bios, "--pflash", $"{bios},unit=0"), "flash bank 0 already holds");
    }

    [Fact]
    public void Run_UnknownOption_SaysUnrecognized()
    {
        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--frobnicate"), "--frobnicate");
    }

    [Theory]
    [InlineData("--cpus", "0", "cpus")]
    [InlineData("--memory", "12Q", "memory")]
    [InlineData("--serial", "pipe:x", "serial")]
    [InlineData("--drive", "nofile", "drive")]
    [InlineData("--firmware-tables", "uefi", "firmware tables")]
    public void Run_BadOptionValue_NamesTheOption(string option, string value, string expected)
    {
        string loaded = File("x.bin", new byte[16]);

        AssertOneLineError(ArmvisorCli.Run(Timeout, "run", "--loader", $"file={loaded},addr=0x40000000", option, value), expected);
    }
}
