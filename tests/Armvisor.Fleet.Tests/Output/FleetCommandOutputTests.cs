using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Output;

/// <summary>Issue 23: <c>image build</c> and <c>fleet up</c> print their records as JSON against the documented schemas, progress off stdout.</summary>
public sealed class FleetCommandOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new("armvisor-output");

    public void Dispose() => _dir.Dispose();

    /// <summary>A small payload (the agent never runs from it here), so building stays cheap.</summary>
    private string Payload()
    {
        string payload = _dir.Sub("payload");
        Directory.CreateDirectory(payload);
        File.WriteAllText(Path.Combine(payload, "armvisor.dll"), "stand-in");
        return payload;
    }

    [Fact]
    public async Task ImageBuild_Json_ValidatesAgainstSchemaAndNamesTheImage()
    {
        var (exitCode, stdout, _) = await FleetCli.RunAsync(["image", "build", "--data", _dir.Sub("fleet"), "--payload", Payload(), "--version", "7", "-o", "json"]);

        Assert.Equal(0, exitCode);
        var image = OutputSchemas.AssertValid("image.v1.schema.json", stdout);
        string directory = image.GetProperty("directory").GetString()!;
        Assert.Equal(File.ReadAllText(Path.Combine(directory, Images.MasterImage.IdFile)).Trim(), image.GetProperty("id").GetString());
        Assert.Equal("7", image.GetProperty("version").GetString());
        Assert.Equal("7-" + image.GetProperty("id").GetString()![..16], Path.GetFileName(directory));
    }

    [Fact]
    public async Task ImageBuild_Piped_HeaderAndOneRow()
    {
        var (_, stdout, _) = await FleetCli.RunAsync(["image", "build", "--data", _dir.Sub("fleet"), "--payload", Payload(), "--version", "7"]);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^ID\s+VERSION\s+FILES\s+BYTES\s+DIRECTORY$", lines[0]);
        Assert.Matches(@"^[0-9a-f]{64}\s+7\s+\d+\s+\d+\s+/\S+$", lines[1]);
    }

    [Fact]
    public async Task FleetUp_Json_ReportValidatesAgainstSchemaProgressOnStderr()
    {
        string data = _dir.Sub("fleet");
        using (var seal = ConfigurationSeal.LoadOrCreate(FleetRuntime.SigningKeyPath(data)))
        {
            TestImage.Build(_dir.Path, seal);
        }

        string image = Directory.GetDirectories(_dir.Sub("images")).Single();
        var (exitCode, stdout, stderr) = await FleetCli.RunAsync(
            ["fleet", "up", "--hosts", "3", "--provider", "in-process", "--subnet", "123", "--data", data, "--image", image, "-o", "json"],
            timeout: TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, stderr);
        var report = OutputSchemas.AssertValid("fleet-up.v1.schema.json", stdout);
        Assert.Equal(3, report.GetProperty("provisioned").GetInt32());
        Assert.Equal(3, report.GetProperty("counts").GetProperty("Provisioned").GetInt32());
        Assert.All(report.GetProperty("hosts").EnumerateArray(), h => Assert.Equal("Provisioned", h.GetProperty("state").GetString()));
        Assert.Contains("Provisioned=3", stderr, StringComparison.Ordinal); // progress lines went to stderr

        var (_, jsonl, _) = await FleetCli.RunAsync(["fleet", "status", "--data", data, "-o", "jsonl"]);
        Assert.All(jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => OutputSchemas.AssertValid("fleet-host.v1.schema.json", line));
    }
}
