using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Cli;

/// <summary>Issue 23: <c>dump-dtb --format dts|dtb</c>, to a file or stdout.</summary>
public sealed class DumpDtbTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-dumpdtb-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void DumpDtb_FormatDtsToStdout_SourceOfTheBlobDumpDtbWrites()
    {
        string blob = Path.Combine(_directory, "virt.dtb");
        CliResult dtb = ArmvisorCli.Run(Timeout, "dump-dtb", "--cpus", "2", "--append", "console=ttyAMA0", "-o", blob);
        CliResult dts = ArmvisorCli.Run(Timeout, "dump-dtb", "--cpus", "2", "--append", "console=ttyAMA0", "--format", "dts");

        Assert.True(dtb.ExitCode == 0 && dts.ExitCode == 0, dtb + "\n" + dts);
        Assert.StartsWith("/dts-v1/;\n", dts.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\t\tbootargs = \"console=ttyAMA0\";", dts.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("cpu@1 {", dts.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(Armvisor.Firmware.DeviceTree.DtsWriter.Write(Armvisor.Firmware.DeviceTree.FdtReader.Parse(File.ReadAllBytes(blob))), dts.StandardOutput);
    }

    [Fact]
    public void DumpDtb_OutputFileEndingDts_WritesSource()
    {
        string path = Path.Combine(_directory, "virt.dts");
        CliResult result = ArmvisorCli.Run(Timeout, "dump-dtb", "-o", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("/dts-v1/;", File.ReadAllText(path), StringComparison.Ordinal);
    }
}
