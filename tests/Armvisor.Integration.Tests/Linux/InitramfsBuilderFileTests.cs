using System.Text;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>Extra files in the kit's initramfs (<see cref="InitramfsBuilder.WithFile"/>) and the vermagic of a module.</summary>
[Collection(LinuxGuestCollection.Name)]
public sealed class InitramfsBuilderFileTests(GuestKitFixture fixture)
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // cpio and Unix file modes
    public void WithFile_NestedPath_UnpacksWithParentsContentsAndMode()
    {
        string directory = Directory.CreateTempSubdirectory("armvisor-withfile-").FullName;
        try
        {
            string cpio = Path.Combine(directory, "archive.cpio");
            using (FileStream output = File.Create(cpio))
            {
                new InitramfsBuilder(fixture.Kit)
                    .WithFile("lib/modules/extra/deep/a.ko", [1, 2, 3])
                    .WithFile("usr/bin/tool", "#!/bin/sh\n"u8.ToArray(), 0x1ED)
                    .WriteCpio(output);
            }

            string root = Path.Combine(directory, "root");
            Directory.CreateDirectory(root);
            HostToolResult unpack = HostTool.Run("cpio", ["-i", "-d", "--no-absolute-filenames", "-F", cpio], root);

            Assert.True(unpack.Succeeded, unpack.StandardError);
            Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Path.Combine(root, "lib/modules/extra/deep/a.ko")));
            Assert.Equal("#!/bin/sh\n", File.ReadAllText(Path.Combine(root, "usr/bin/tool"), Encoding.UTF8));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(Path.Combine(root, "usr/bin/tool")));
            Assert.False(File.GetUnixFileMode(Path.Combine(root, "lib/modules/extra/deep/a.ko")).HasFlag(UnixFileMode.UserExecute));
            Assert.True(File.Exists(Path.Combine(root, "init")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WithFile_SameContentsTwice_SameBytes()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        new InitramfsBuilder(fixture.Kit).WithFile("usr/bin/b", [2]).WithFile("usr/bin/a", [1]).WriteCpio(first);
        new InitramfsBuilder(fixture.Kit).WithFile("usr/bin/a", [1]).WithFile("usr/bin/b", [2]).WriteCpio(second);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Theory]
    [InlineData("init")]
    [InlineData("bin/busybox")]
    [InlineData("bin/sh")]
    [InlineData("etc/armvisor/scripts/health")]
    [InlineData("lib/modules/load-order")]
    [InlineData("lib/modules/ext4.ko")]
    public void WithFile_KitOwnFile_Throws(string path)
    {
        var builder = new InitramfsBuilder(fixture.Kit);

        Assert.Throws<ArgumentException>(() => builder.WithFile(path, [0]));
    }

    [Theory]
    [InlineData("/usr/bin/x")]
    [InlineData("usr/../x")]
    [InlineData("usr//x")]
    [InlineData("usr/bin/")]
    [InlineData("usr/bin/a b")]
    public void WithFile_BadPath_Throws(string path)
    {
        var builder = new InitramfsBuilder(fixture.Kit);

        Assert.Throws<ArgumentException>(() => builder.WithFile(path, [0]));
    }

    [Fact]
    public void WithFile_TypeBitsInMode_Throws()
    {
        var builder = new InitramfsBuilder(fixture.Kit);

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.WithFile("usr/bin/x", [0], 0x81ED /* S_IFREG | 0755 */));
    }

    [Fact]
    public void KernelModuleInfoParse_Vermagic_Kept()
    {
        KernelModuleInfo info = KernelModuleInfo.Parse("license=GPL\0vermagic=6.1.0-56-arm64 SMP mod_unload modversions aarch64\0name=x\0"u8, "y");

        Assert.Equal("6.1.0-56-arm64 SMP mod_unload modversions aarch64", info.Vermagic);
        Assert.Null(KernelModuleInfo.Parse("name=x\0"u8, "y").Vermagic);
    }
}
