using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.CloudInit;

/// <summary>
/// The real Debian cloud-init (package cloud-init, /usr/bin/cloud-init) as a client of the NoCloud route on loopback,
/// following provisioning.md §2.3: a CLOUD_CFG that points every cloud-init path into a scratch directory, network
/// configuration disabled, only the scripts_user module, and each run inside a private mount namespace (unshare -m)
/// with a tmpfs over /var/log and /run, so the machine running the test is not reconfigured.
/// </summary>
public sealed class CloudInitNoCloudTests
{
    private static async Task<(int Code, string Output)> RunCloudInitAsync(string scratch, string config, params string[] stage)
    {
        string command = "mount -t tmpfs none /var/log && mount -t tmpfs none /run && exec /usr/bin/cloud-init " + string.Join(' ', stage);
        var start = new ProcessStartInfo("unshare", ["-m", "--propagation", "private", "/bin/sh", "-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = scratch,
        };
        start.Environment["CLOUD_CFG"] = config;
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment.Remove("PYTHONPATH");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string WriteConfig(TempDirectory scratch, Uri seed)
    {
        string ci = scratch.Sub("ci");
        Directory.CreateDirectory(ci);
        string config = $$"""
            datasource_list: [ NoCloud ]
            datasource:
              NoCloud: { seedfrom: "{{seed}}" }
            system_info: { paths: { cloud_dir: {{ci}}/var/lib/cloud, run_dir: {{ci}}/run/cloud-init } }
            def_log_file: {{ci}}/cloud-init.log
            output: { all: ">> {{ci}}/cloud-init-output.log" }
            preserve_hostname: true
            manage_etc_hosts: false
            network: { config: disabled }
            cloud_init_modules: []
            cloud_config_modules: []
            cloud_final_modules: [ scripts_user ]
            """;
        string path = scratch.Sub("cloud.cfg");
        File.WriteAllText(path, config);
        return path;
    }

    private static async Task BootAsync(TempDirectory scratch, string config)
    {
        string run = Path.Combine(scratch.Path, "ci", "run");
        if (Directory.Exists(run))
        {
            Directory.Delete(run, recursive: true); // /run is a tmpfs on a real machine: empty at every boot
        }

        foreach (var stage in new[] { new[] { "init", "--local" }, ["init"], ["modules", "--mode", "config"], ["modules", "--mode", "final"] })
        {
            var (code, output) = await RunCloudInitAsync(scratch.Path, config, stage);
            Assert.True(code == 0, $"cloud-init {string.Join(' ', stage)} exited {code}: {output}");
        }
    }

    [Fact]
    public async Task CloudInit_NoCloudSeedOnLoopback_ReadsMetaDataAndRunsUserDataOncePerInstance()
    {
        using var scratch = new TempDirectory("armvisor-cloudinit");
        // cloud-init connects from 127.0.0.1, so that is this instance's address.
        await using var fixture = await MetadataFixture.StartAsync(new MetadataServiceOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) });
        string marker = scratch.Sub("user-data-ran");
        void Put(string instanceId) => Assert.Null(fixture.Registry.Put(instanceId, new JsonObject
        {
            ["address"] = "127.0.0.1",
            ["httpTokens"] = "optional",
            ["metaData"] = new JsonObject { ["instance-id"] = instanceId, ["local-hostname"] = "armvisor-0042" },
            ["userData"] = $"#!/bin/sh\necho \"$(date +%s%N) {instanceId}\" >> {marker}\n",
        }));
        Put("i-cloudinit0000001");
        string config = WriteConfig(scratch, new Uri(fixture.BaseAddress, "nocloud/i-cloudinit0000001/"));

        await BootAsync(scratch, config);

        string cloudDir = Path.Combine(scratch.Path, "ci", "var", "lib", "cloud");
        Assert.Equal("i-cloudinit0000001", File.ReadAllText(Path.Combine(cloudDir, "data", "instance-id")).Trim());
        var instanceData = JsonNode.Parse(File.ReadAllText(Path.Combine(scratch.Path, "ci", "run", "cloud-init", "instance-data.json")))!;
        Assert.Equal("armvisor-0042", (string?)instanceData["v1"]!["local_hostname"]);
        Assert.Single(File.ReadAllLines(marker));
        Assert.True(fixture.Service.Statistics.DataReads("i-cloudinit0000001") >= 3);

        // Second boot, same instance: seed re-read, per-instance user-data not run again.
        await BootAsync(scratch, config);
        Assert.Single(File.ReadAllLines(marker));

        // The disk moved to a new instance: cloud-init sees a new instance id and runs per-instance work again.
        Assert.True(fixture.Registry.Delete("i-cloudinit0000001"));
        Put("i-cloudinit0000002");
        File.WriteAllText(config, File.ReadAllText(config).Replace("i-cloudinit0000001", "i-cloudinit0000002", StringComparison.Ordinal));
        await BootAsync(scratch, config);
        Assert.Equal("i-cloudinit0000002", File.ReadAllText(Path.Combine(cloudDir, "data", "instance-id")).Trim());
        Assert.Equal("i-cloudinit0000001", File.ReadAllText(Path.Combine(cloudDir, "data", "previous-instance-id")).Trim());
        Assert.Equal(2, File.ReadAllLines(marker).Length);
    }
}
