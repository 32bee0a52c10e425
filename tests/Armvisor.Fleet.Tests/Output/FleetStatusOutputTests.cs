using System.Text.Json;
using Armvisor.Fleet.State;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Output;

/// <summary>Issue 23: <c>fleet status</c> for scripts: JSON against its schema, and a piped table that survives grep.</summary>
public sealed class FleetStatusOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new("armvisor-output");

    public void Dispose() => _dir.Dispose();

    private async Task<(int ExitCode, string Stdout, string Stderr)> StatusAsync(params string[] options)
    {
        string data = await SeededFleet.CreateAsync(_dir);
        return await FleetCli.RunAsync(["fleet", "status", "--data", data, .. options]);
    }

    [Fact]
    public async Task Status_Piped_PlainTableMatchesGoldenFile()
    {
        var (exitCode, stdout, stderr) = await StatusAsync();

        Assert.Equal(1, exitCode); // two hosts failed
        GoldenText.AssertMatches("fleet-status-piped.txt", stdout);
        Assert.Equal("Registered=1 ConfigStored=0 FirstBooting=0 ConfigFetched=0 ConfigInstalled=0 SecondBooting=1 Provisioned=8 Failed=2", stderr.TrimEnd('\n'));
    }

    [Fact]
    public async Task Status_Piped_OneLinePerHostSoGrepCountsHosts()
    {
        var (_, stdout, _) = await StatusAsync();
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(SeededFleet.Hosts.Count + 1, lines.Length); // header + one line per host, nothing else
        Assert.Equal(8, lines.Count(l => l.Contains("Provisioned", StringComparison.Ordinal)));
        Assert.DoesNotContain('\u001b', stdout);
        Assert.DoesNotContain('│', stdout);
        foreach (var host in SeededFleet.Hosts)
        {
            string line = Assert.Single(lines, l => l.StartsWith(host.HostId + " ", StringComparison.Ordinal));
            Assert.Contains($" {host.State} ", line, StringComparison.Ordinal);
            Assert.Contains(host.Address ?? "-", line, StringComparison.Ordinal);
            Assert.EndsWith(host.Reason ?? "-", line, StringComparison.Ordinal); // never wrapped or cut
        }
    }

    [Fact]
    public async Task Status_TableStyleBoxInPipe_BoxDrawnAtFullWidthWithoutWrapping()
    {
        var (_, stdout, _) = await StatusAsync("--table-style", "box");
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains('│', stdout);
        Assert.DoesNotContain('\u001b', stdout);
        Assert.Equal(SeededFleet.Hosts.Count + 4, lines.Length); // top, header, separator, rows, bottom
        Assert.Contains(lines, l => l.Contains(SeededFleet.Hosts[9].Reason!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_Json_ValidatesAgainstSchemaAndMatchesStore()
    {
        var (_, stdout, stderr) = await StatusAsync("-o", "json");

        var root = OutputSchemas.AssertValid("fleet-status.v1.schema.json", stdout);
        Assert.Equal(string.Empty, stderr);
        Assert.Equal("armvisor.fleet.status/v1", root.GetProperty("schema").GetString());
        Assert.Equal(12, root.GetProperty("total").GetInt32());
        foreach (var state in Enum.GetValues<HostState>())
        {
            Assert.Equal(SeededFleet.Hosts.Count(h => h.State == state), root.GetProperty("counts").GetProperty(state.ToString()).GetInt32());
        }

        var failures = root.GetProperty("failures").EnumerateArray().ToList();
        Assert.Equal(["host-0010", "host-0011"], failures.Select(f => f.GetProperty("hostId").GetString()));
        Assert.Equal("verify", failures[0].GetProperty("phase").GetString());
        var host = root.GetProperty("hosts")[9];
        Assert.Equal("Failed", host.GetProperty("state").GetString());
        Assert.Equal(SeededFleet.Hosts[9].Reason, host.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("hosts")[11].GetProperty("address").ValueKind);
        Assert.False(host.TryGetProperty("sealedConfiguration", out _));
    }

    [Fact]
    public async Task Status_Jsonl_EachLineAHostValidAgainstHostSchema()
    {
        var (_, stdout, _) = await StatusAsync("--output", "jsonl");
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(SeededFleet.Hosts.Count, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            var host = OutputSchemas.AssertValid("fleet-host.v1.schema.json", lines[i]);
            Assert.Equal("armvisor.fleet.host/v1", host.GetProperty("schema").GetString());
            Assert.Equal(SeededFleet.Hosts[i].HostId, host.GetProperty("hostId").GetString());
            Assert.Equal(SeededFleet.Hosts[i].State.ToString(), host.GetProperty("state").GetString());
        }
    }

    [Fact]
    public async Task Status_UnknownFormat_OneLineErrorExit2()
    {
        string data = await SeededFleet.CreateAsync(_dir);
        var (exitCode, _, stderr) = await FleetCli.RunAsync(["fleet", "status", "--data", data, "-o", "yaml"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("yaml", stderr, StringComparison.Ordinal);
    }
}
