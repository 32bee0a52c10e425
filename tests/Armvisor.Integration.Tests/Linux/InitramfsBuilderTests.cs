using System.IO.Compression;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>The kit's initramfs: contents, determinism, and scripts that a POSIX shell parses.</summary>
[Collection(LinuxGuestCollection.Name)]
public sealed class InitramfsBuilderTests(GuestKitFixture fixture)
{
    [Fact]
    public void WriteGzip_SameKitTwice_SameBytes()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        new InitramfsBuilder(fixture.Kit).WriteGzip(first);
        new InitramfsBuilder(fixture.Kit).WriteGzip(second);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void WriteTo_KitInitrd_HoldsInitBusyboxLinksModulesAndScripts()
    {
        string cpio = Path.Combine(fixture.WorkDirectory, "listed.cpio");
        using (FileStream gz = File.OpenRead(fixture.InitrdPath))
        using (var gunzip = new GZipStream(gz, CompressionMode.Decompress))
        using (FileStream output = File.Create(cpio))
        {
            gunzip.CopyTo(output);
        }

        HostToolResult list = HostTool.Run("cpio", ["-t", "-F", cpio]);

        Assert.True(list.Succeeded, list.StandardError);
        string[] names = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("init", names);
        Assert.Contains("bin/busybox", names);
        Assert.Contains("bin/sh", names);
        Assert.Contains("bin/cttyhack", names);
        Assert.Contains("dev/console", names);
        Assert.Contains(GuestScripts.LoadOrderFile, names);
        Assert.All(fixture.Kit.Modules, m => Assert.Contains($"lib/modules/{m}.ko", names));
        Assert.All(GuestScripts.Named.Keys, s => Assert.Contains($"{GuestScripts.Directory}/{s}", names));
    }

    [Fact]
    public void Scripts_InitAndNamed_ParseAsPosixShell()
    {
        foreach ((string name, string text) in GuestScripts.Named.Append(new("init", GuestScripts.Init)))
        {
            string path = Path.Combine(fixture.WorkDirectory, $"check-{name}.sh");
            File.WriteAllText(path, text);

            HostToolResult check = HostTool.Run("sh", ["-n", path]);

            Assert.True(check.Succeeded, $"{name}: {check.StandardError}");
        }
    }

    [Fact]
    public void WithScript_BadName_Throws()
    {
        var builder = new InitramfsBuilder(fixture.Kit);

        Assert.Throws<ArgumentException>(() => builder.WithScript("../x", "true"));
    }

    [Fact]
    public void Kit_Modules_DependenciesBeforeDependents()
    {
        List<string> order = fixture.Kit.Modules.ToList();

        Assert.Contains("virtio_blk", order);
        Assert.True(order.IndexOf("jbd2") < order.IndexOf("ext4"));
        Assert.True(order.IndexOf("mbcache") < order.IndexOf("ext4"));
        Assert.True(order.IndexOf("crc16") < order.IndexOf("ext4"));
        // ext4's "softdep=pre: crypto-crc32c" resolves through the alias to crc32c_generic.
        Assert.True(order.IndexOf("crc32c_generic") is >= 0 and var i && i < order.IndexOf("ext4"));
    }
}
