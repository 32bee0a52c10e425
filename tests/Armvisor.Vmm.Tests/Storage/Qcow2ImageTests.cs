using System.Diagnostics;
using Armvisor.Vmm.Storage;

namespace Armvisor.Vmm.Tests.Storage;

/// <summary>
/// The qcow2 implementation against QEMU's own tools (qemu-utils): images made by qemu-img read back exactly, and
/// after writes qemu-img check finds the image clean and qemu-img compare finds it equal to the same writes made by
/// QEMU's block layer (qemu-io) and to a raw copy with the writes applied.
/// </summary>
public sealed class Qcow2ImageTests : IDisposable
{
    private const int DiskSize = 4 << 20;

    private static readonly (long Offset, int Length, byte Pattern)[] s_writes =
    [
        (1000, 5000, 0xA1),            // inside the first clusters, across a 4 KiB boundary
        (1 << 20, 64 << 10, 0xB2),     // a whole 64 KiB cluster
        (3 << 20, 200_000, 0xC3),      // several clusters, partial at both ends
        (DiskSize - 512, 512, 0xD4),   // the last sector
        (1000, 10, 0xE5),              // over an earlier write: in place
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-qcow2-").FullName;
    private readonly byte[] _base = new byte[DiskSize];

    public Qcow2ImageTests()
    {
        new Random(19).NextBytes(_base);
        File.WriteAllBytes(PathOf("base.raw"), _base);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(65536)]
    [InlineData(512)]
    public void Overlay_OnRawBase_ReadsBaseAndAfterWritesPassesCheckAndEqualsQemusWrites(int clusterSize)
    {
        if (!HasQemuImg())
        {
            return;   // qemu-utils missing: nothing to compare with (scripts/install-deps.sh installs it)
        }

        QemuImg("create", "-f", "qcow2", "-o", $"cluster_size={clusterSize}", "-b", "base.raw", "-F", "raw", "ours.qcow2");
        QemuImg("create", "-f", "qcow2", "-o", $"cluster_size={clusterSize}", "-b", "base.raw", "-F", "raw", "qemus.qcow2");

        using (Qcow2Image image = Qcow2Image.Open(PathOf("ours.qcow2"), readOnly: false))
        {
            Assert.Equal(DiskSize, image.Length);
            var read = new byte[DiskSize];
            image.Read(0, read);
            Assert.Equal(_base, read);
            ApplyWrites(image);
            image.Read(0, read);
            Assert.Equal(Expected(), read);
        }

        foreach ((long offset, int length, byte pattern) in s_writes)
        {
            Run("qemu-io", "-f", "qcow2", "-c", $"write -P 0x{pattern:x2} {offset} {length}", "qemus.qcow2");
        }

        File.WriteAllBytes(PathOf("expected.raw"), Expected());
        Assert.Equal(0, QemuImg("check", "ours.qcow2"));
        Assert.Equal(0, QemuImg("compare", "ours.qcow2", "qemus.qcow2"));
        Assert.Equal(0, QemuImg("compare", "-F", "raw", "ours.qcow2", "expected.raw"));
    }

    [Fact]
    public void CompressedQcow2Base_WithOverlay_ReadsThroughAndWritesKeepBothImagesClean()
    {
        if (!HasQemuImg())
        {
            return;
        }

        QemuImg("convert", "-c", "-f", "raw", "-O", "qcow2", "base.raw", "base.qcow2");
        QemuImg("create", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "overlay.qcow2");

        using (Qcow2Image image = Qcow2Image.Open(PathOf("overlay.qcow2"), readOnly: false))
        {
            var read = new byte[DiskSize];
            image.Read(0, read);
            Assert.Equal(_base, read);
            ApplyWrites(image);
        }

        // Writing into the compressed image itself moves clusters out of their compressed form and frees them.
        using (Qcow2Image image = Qcow2Image.Open(PathOf("base.qcow2"), readOnly: false))
        {
            ApplyWrites(image);
        }

        File.WriteAllBytes(PathOf("expected.raw"), Expected());
        Assert.Equal(0, QemuImg("check", "overlay.qcow2"));
        Assert.Equal(0, QemuImg("check", "base.qcow2"));
        Assert.Equal(0, QemuImg("compare", "-F", "raw", "base.qcow2", "expected.raw"));
        Assert.Equal(0, QemuImg("compare", "-F", "raw", "overlay.qcow2", "expected.raw"));
    }

    /// <summary>
    /// With 512-byte clusters and 16-bit refcounts one refcount-table cluster covers 64 blocks of 256 clusters, 8 MiB
    /// of file: writing 20 MiB of distinct data makes the table grow (twice), and the image stays clean for QEMU.
    /// </summary>
    [Fact]
    public void Write_PastWhatOneRefcountTableClusterCovers_GrowsTheTableAndPassesCheck()
    {
        if (!HasQemuImg())
        {
            return;   // qemu-utils missing (scripts/install-deps.sh installs it)
        }

        const int size = 24 << 20;
        QemuImg("create", "-f", "qcow2", "-o", "cluster_size=512", "grow.qcow2", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var expected = new byte[size];
        var chunk = new byte[1 << 20];
        using (Qcow2Image image = Qcow2Image.Open(PathOf("grow.qcow2"), readOnly: false))
        {
            Assert.Equal(1u, image.Header.RefcountTableClusters);
            for (int mib = 0; mib < 20; mib++)
            {
                new Random(mib).NextBytes(chunk);
                long offset = (long)mib << 20;
                image.Write(offset, chunk);
                chunk.CopyTo(expected, offset);
            }

            image.Flush();
            Assert.True(image.Header.RefcountTableClusters >= 3, $"refcount table of {image.Header.RefcountTableClusters} clusters");
            var read = new byte[size];
            image.Read(0, read);
            Assert.Equal(expected, read);
        }

        File.WriteAllBytes(PathOf("grow.raw"), expected);
        Assert.Equal(0, QemuImg("check", "grow.qcow2"));
        Assert.Equal(0, QemuImg("compare", "-F", "raw", "grow.qcow2", "grow.raw"));
        // QEMU keeps writing to the grown table, and the image is still clean and re-readable by us.
        Run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 22M 1M", "grow.qcow2");
        Assert.Equal(0, QemuImg("check", "grow.qcow2"));
        using (Qcow2Image reopened = Qcow2Image.Open(PathOf("grow.qcow2"), readOnly: true))
        {
            var tail = new byte[1 << 20];
            reopened.Read(22 << 20, tail);
            Assert.All(tail, b => Assert.Equal(0x5a, b));
        }
    }

    [Fact]
    public void Open_DirtyImage_RefusedWithConfigurationError()
    {
        if (!HasQemuImg())
        {
            return;
        }

        QemuImg("create", "-f", "qcow2", "dirty.qcow2", "1M");
        using (var file = File.OpenWrite(PathOf("dirty.qcow2")))
        {
            file.Position = 79;   // the last byte of incompatible_features: bit 0, dirty
            file.WriteByte(1);
        }

        var error = Assert.Throws<MachineConfigurationException>(() => Qcow2Image.Open(PathOf("dirty.qcow2"), readOnly: false));
        Assert.Contains("dirty", error.Message, StringComparison.Ordinal);
    }

    private static void ApplyWrites(Qcow2Image image)
    {
        foreach ((long offset, int length, byte pattern) in s_writes)
        {
            image.Write(offset, Enumerable.Repeat(pattern, length).ToArray());
        }

        image.Flush();
    }

    private byte[] Expected()
    {
        byte[] expected = (byte[])_base.Clone();
        foreach ((long offset, int length, byte pattern) in s_writes)
        {
            expected.AsSpan((int)offset, length).Fill(pattern);
        }

        return expected;
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static bool HasQemuImg() => File.Exists("/usr/bin/qemu-img") && File.Exists("/usr/bin/qemu-io");

    private int QemuImg(params string[] arguments) => Run("qemu-img", arguments);

    private int Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && arguments[0] is not ("check" or "compare"))
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: {output}");
        }

        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}\n{output}");
        return process.ExitCode;
    }
}
