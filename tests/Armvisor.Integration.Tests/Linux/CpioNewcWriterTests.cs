using System.Text;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>The newc writer checked against Debian's GNU cpio (list and extract).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CpioNewcWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-cpio-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void WriteArchive_ListedByGnuCpio_NamesTypesAndSizes()
    {
        string archive = WriteSample();

        HostToolResult names = Cpio(["-t", "-F", archive]);
        HostToolResult list = Cpio(["-t", "-v", "-F", archive]);

        Assert.True(names.Succeeded && list.Succeeded, names.StandardError + list.StandardError);
        Assert.Equal(["bin", "bin/busybox", "bin/sh", "dev", "dev/console", "init", "odd.txt"], names.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        string[] lines = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("drwxr-xr-x", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("-rwxr-xr-x", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("lrwxrwxrwx", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("bin/sh -> busybox", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("crw-------", lines[4], StringComparison.Ordinal);
        Assert.Contains(" 5,", lines[4], StringComparison.Ordinal);
        Assert.Contains(" 1 ", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void WriteArchive_ExtractedByGnuCpio_SameContentsAndLinks()
    {
        string archive = WriteSample();
        string target = Directory.CreateDirectory(Path.Combine(_directory, "out")).FullName;

        HostToolResult extract = HostTool.Run("cpio", ["-i", "-d", "--no-absolute-filenames", "-F", archive, "bin", "bin/*", "init", "odd.txt"], target);

        Assert.True(extract.Succeeded, extract.StandardError);
        Assert.Equal(BusyboxBytes, File.ReadAllBytes(Path.Combine(target, "bin", "busybox")));
        Assert.Equal("#!/bin/sh\necho hi\n", File.ReadAllText(Path.Combine(target, "init")));
        Assert.Equal("abc", File.ReadAllText(Path.Combine(target, "odd.txt")));
        Assert.Equal("busybox", new FileInfo(Path.Combine(target, "bin", "sh")).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(Path.Combine(target, "init")));
    }

    [Fact]
    public void Finish_AnyEntries_ArchiveIsFourByteAlignedAndEndsWithTrailer()
    {
        using var stream = new MemoryStream();
        using (var cpio = new CpioNewcWriter(stream, leaveOpen: true))
        {
            cpio.AddFile("a", "x"u8);
            cpio.AddFile("bb", "yyyyy"u8);
            cpio.Finish();
            Assert.Equal(stream.Length, cpio.Length);
        }

        byte[] bytes = stream.ToArray();
        Assert.Equal(0, bytes.Length % 4);
        Assert.Equal("070701", Encoding.ASCII.GetString(bytes, 0, 6));
        Assert.Contains("TRAILER!!!\0", Encoding.ASCII.GetString(bytes[^16..]), StringComparison.Ordinal);
    }

    [Fact]
    public void AddFile_SameNameTwice_Throws()
    {
        using var cpio = new CpioNewcWriter(new MemoryStream());
        cpio.AddFile("init", "a"u8);

        Assert.Throws<ArgumentException>(() => cpio.AddFile("/init", "b"u8));
    }

    [Theory]
    [InlineData("bin/sh")]
    [InlineData("../etc/passwd")]
    [InlineData("a//b")]
    [InlineData("TRAILER!!!")]
    public void AddFile_ParentMissingOrBadName_Throws(string name)
    {
        using var cpio = new CpioNewcWriter(new MemoryStream());

        Assert.Throws<ArgumentException>(() => cpio.AddFile(name, "x"u8));
    }

    [Fact]
    public void AddFile_AfterFinish_Throws()
    {
        using var cpio = new CpioNewcWriter(new MemoryStream());
        cpio.Finish();

        Assert.Throws<InvalidOperationException>(() => cpio.AddFile("late", "x"u8));
    }

    private static byte[] BusyboxBytes { get; } = Enumerable.Range(0, 1001).Select(i => (byte)(i * 7)).ToArray();

    private string WriteSample()
    {
        string path = Path.Combine(_directory, "sample.cpio");
        using FileStream file = File.Create(path);
        using var cpio = new CpioNewcWriter(file);
        cpio.AddDirectory("bin");
        cpio.AddFile("bin/busybox", BusyboxBytes, 0x1ED);
        cpio.AddSymlink("bin/sh", "busybox");
        cpio.AddDirectory("dev");
        cpio.AddCharDevice("dev/console", 5, 1);
        cpio.AddFile("init", "#!/bin/sh\necho hi\n"u8, 0x1ED);
        cpio.AddFile("odd.txt", "abc"u8);
        cpio.Finish();
        return path;
    }

    private static HostToolResult Cpio(string[] arguments) => HostTool.Run("cpio", arguments);
}
