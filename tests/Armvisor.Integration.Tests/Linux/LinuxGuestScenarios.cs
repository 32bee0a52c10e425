using System.Security.Cryptography;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// The Linux guest scenarios of issue 4, written once and run on each back end by a derived class (QEMU's virt board,
/// the reference; and Armvisor). Each boots Debian's arm64 kernel with the kit's initramfs, runs kit scripts and
/// powers off.
/// </summary>
public abstract class LinuxGuestScenarios
{
    protected LinuxGuestScenarios(GuestKitFixture kit, string backend)
    {
        Kit = kit;
        Backend = GuestBackend.For(backend);
    }

    protected GuestKitFixture Kit { get; }

    protected GuestBackend Backend { get; }

    /// <summary>How long one boot may take on this back end.</summary>
    protected abstract TimeSpan BootTimeout { get; }

    /// <summary>How long the stress scenario keeps its jobs running.</summary>
    protected abstract int StressSeconds { get; }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Boot_ToMarker_SeesConfiguredCpusAndNoKernelProblems(int cpus)
    {
        GuestRun run = Boot(cpus, new GuestCommandLine { Run = [GuestScripts.Health] });

        Assert.True(run.Transcript.IsReady, run.ToString());
        Assert.Equal(cpus, run.Transcript.ReadyCpus);
        GuestScriptResult health = run.Transcript.Script(GuestScripts.Health);
        Assert.Equal(0, health.Status);
        Assert.Equal(cpus.ToString(System.Globalization.CultureInfo.InvariantCulture), health.Value("cpus"));
        Assert.Equal(cpus == 1 ? "0" : $"0-{cpus - 1}", health.Value("online"));
        Assert.Equal("0", health.Value("dmesg-problems"));
        Assert.Equal("set", health.Value("rtc"));
        Assert.Contains("virtio_blk", health.Text, StringComparison.Ordinal);
        Assert.Contains("ext4", health.Text, StringComparison.Ordinal);
        Assert.Empty(run.Transcript.KernelProblems);
        Assert.Equal(0, run.ExitCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CommandScript_Run_PrintsHostComputedValues(int cpus)
    {
        GuestRun run = Boot(cpus, new GuestCommandLine { Run = [GuestScripts.Commands] });

        GuestScriptResult commands = run.Transcript.Script(GuestScripts.Commands);
        Assert.True(commands.Status == 0, run.ToString());
        foreach ((string key, string expected) in CommandsScriptExpectation.Lines())
        {
            Assert.Equal(expected, CommandsScriptExpectation.Actual(commands.Lines, key));
        }

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void VirtioBlock_Ext2Image_MountsReadsAndWritesBack()
    {
        string image = Path.Combine(Kit.WorkDirectory, $"disk-{Backend.Name}.ext2");
        byte[] payload = new byte[300_000];
        new Random(4).NextBytes(payload);
        Ext2Image.Create(image, 16, new Dictionary<string, byte[]>
        {
            ["hello.txt"] = "hello from the host ext2 image\n"u8.ToArray(),
            ["payload.bin"] = payload,
        });

        GuestRun run = Boot(1, new GuestCommandLine { Run = [GuestScripts.Block] }, new DriveConfiguration(image, ReadOnly: false));

        GuestScriptResult blk = run.Transcript.Script(GuestScripts.Block);
        Assert.True(blk.Status == 0, run.ToString());
        Assert.Equal("present", blk.Value("vda"));
        Assert.Equal("32768", blk.Value("sectors"));
        Assert.Equal("ok", blk.Value("mount"));
        Assert.Contains("hello from the host ext2 image", blk.Lines);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(payload)), blk.Value("payload-sha256"));
        Assert.Equal("ok", blk.Value("umount"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("written-by-guest\n", Ext2Image.ReadFile(image, "from-guest.txt"));
    }

    [Fact]
    public void Stress_ParallelJobsOnFourCpus_NoWrongResultsNoHangNoWarnings()
    {
        GuestRun run = Boot(4, new GuestCommandLine
        {
            Run = [GuestScripts.Stress, GuestScripts.Health],
            Parameters = new Dictionary<string, string> { ["stress_seconds"] = StressSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, timeout: BootTimeout + TimeSpan.FromSeconds(StressSeconds * 3));

        GuestScriptResult stress = run.Transcript.Script(GuestScripts.Stress);
        Assert.True(stress.Status == 0, run.ToString());
        Assert.Equal("4", stress.Value("stress-jobs"));
        Assert.Equal("0", stress.Value("stress-bad"));
        Assert.Equal("0", run.Transcript.Script(GuestScripts.Health).Value("dmesg-problems"));
        Assert.Empty(run.Transcript.KernelProblems);
        Assert.Equal(0, run.ExitCode);
    }

    protected GuestRun Boot(int cpus, GuestCommandLine commandLine, DriveConfiguration? drive = null, TimeSpan? timeout = null)
    {
        MachineConfiguration configuration = drive is null
            ? Kit.Configuration(cpus, commandLine)
            : Kit.Configuration(cpus, commandLine, drive);
        GuestRun run = Backend.Boot(configuration, timeout ?? BootTimeout);
        Assert.False(run.TimedOut, run.ToString());
        Assert.True(run.Transcript.IsReady, run.ToString());
        return run;
    }
}
