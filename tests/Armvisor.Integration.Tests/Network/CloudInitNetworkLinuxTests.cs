using System.Net;
using System.Text.Json.Nodes;
using Armvisor.Fleet.Metadata;
using Armvisor.Integration.Tests.Linux;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;
using Armvisor.Vmm.Network;

namespace Armvisor.Integration.Tests.Network;

/// <summary>
/// Issue 19: stock cloud-init (Debian 12's cloud-init 22.4 on Debian's arm64 python3, scripts/build-cloudinit-root.sh)
/// in Debian's kernel fetches its NoCloud seed from the fleet's metadata service over user-mode networking and
/// applies it: `ds=nocloud-net;s=http://10.0.2.2:PORT/nocloud/IID/` on the kernel command line, udhcpc for the lease,
/// then cloud-init's four boot stages as its systemd units run them. The same image and seed run on QEMU's -netdev
/// user as the reference, and both must reach the same milestones: every stage exits 0, the datasource is
/// NoCloudNet from the command line seed, the hostname comes from meta-data, and the user-data's runcmd runs.
/// The service knows the guest by its source address: both user-mode stacks connect to the host's loopback from
/// 127.0.0.1 (Armvisor needs hostloopback=on for 10.0.2.2 to be the host).
/// Python under emulation is slow (16 minutes on Armvisor and over 10 on QEMU with load average ~60), so the
/// test is a long one: it runs when ARMVISOR_LONG_TESTS=1 (scripts/cloudinit-guest.sh sets it), not in CI.
/// </summary>
[Collection(LinuxGuestCollection.Name)]
[Trait("Requires", "LinuxOnArmvisor")]
[Trait("Duration", "Long")]
public sealed class CloudInitNetworkLinuxTests(GuestKitFixture kit)
{
    private const string Hostname = "armvisor-cloudinit";

    /// <summary>What both machines must print (the cloudinit script's lines and the runcmd marker), in order.</summary>
    private static readonly string[] ExpectedMilestones =
    [
        "dhcp=ok",
        "cloud-init-stage=init_local status=0",
        "cloud-init-stage=init status=0",
        "cloud-init-stage=modules_mode_config status=0",
        $"ARMVISOR-CLOUDINIT-RUNCMD host={Hostname} iid=i-cloudinit-guest1",
        "cloud-init-finished datasource=DataSourceNoCloudNet seed=cmdline,http://10.0.2.2:PORT/nocloud/i-cloudinit-guest1/ dsmode=net",
        "cloud-init-stage=modules_mode_final status=0",
        $"hostname={Hostname}",
        $"etc-hostname={Hostname}",
        "instance-id=i-cloudinit-guest1",
        "datasource=DataSourceNoCloudNet",
        "errors=",
    ];

    [LongTheory]
    [InlineData(GuestBackend.ArmvisorName)]
    [InlineData(GuestBackend.QemuName)]
    public async Task CloudInit_NoCloudSeedFromFleetMetadataOverUserNetwork_AppliesHostnameAndRunsUserData(string backend)
    {
        const string instanceId = "i-cloudinit-guest1";
        await using var service = new MetadataService(new MetadataServiceOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, new MetadataRegistry(), null);
        await service.StartAsync();
        Assert.Null(service.Registry.Put(instanceId, new JsonObject
        {
            ["address"] = "127.0.0.1",
            ["httpTokens"] = "optional",
            ["metaData"] = new JsonObject { ["instance-id"] = instanceId, ["local-hostname"] = Hostname },
            ["userData"] = "#cloud-config\nruncmd:\n  - echo \"ARMVISOR-CLOUDINIT-RUNCMD host=$(hostname) iid=$(cat /var/lib/cloud/data/instance-id)\"\n",
        }));
        int port = service.BaseAddress.Port;
        string initrd = CloudInitGuestRoot.WriteInitrd(kit.InitrdPath, Path.Combine(kit.WorkDirectory, $"initrd-cloudinit-{backend}"));
        var commandLine = new GuestCommandLine
        {
            Run = [GuestScripts.Network, "cloudinit"],
            Extra = $"ds=nocloud-net;s=http://{UserNetwork.Gateway}:{port}/nocloud/{instanceId}/",
        };
        var network = new NetworkConfiguration(NetworkBackendKind.User, null, [], HostLoopback: true, Mac: null);
        MachineConfiguration configuration = kit.Configuration(1, commandLine) with { InitrdPath = initrd, Networks = [network] };

        GuestRun run = GuestBackend.For(backend).Boot(configuration, TimeSpan.FromMinutes(backend == GuestBackend.QemuName ? 30 : 45));

        GuestScriptResult script = run.Transcript.Script("cloudinit");
        Assert.True(script.Status == 0, run.ToString());
        Assert.Equal(ExpectedMilestones, Milestones(run, port));
        // meta-data, user-data and vendor-data, each read from the service by this instance.
        Assert.True(service.Statistics.DataReads(instanceId) >= 3, $"{service.Statistics.DataReads(instanceId)} seed reads\n{run}");
        Assert.Equal(0, run.ExitCode);
    }

    /// <summary>
    /// The milestone lines of the run, in console order: the net script's lease, the stage results (without their
    /// times), the runcmd marker, cloud-init's final message reduced to its datasource (without its times; the seed's
    /// port replaced by PORT) and the cloudinit script's summary.
    /// </summary>
    private static string[] Milestones(GuestRun run, int port)
    {
        var milestones = new List<string>();
        string[] summary = ["hostname=", "etc-hostname=", "instance-id=", "datasource=", "errors="];
        foreach (string line in run.Transcript.Lines)
        {
            if (line == "dhcp=ok" || line.StartsWith("ARMVISOR-CLOUDINIT-RUNCMD ", StringComparison.Ordinal) || summary.Any(s => line.StartsWith(s, StringComparison.Ordinal)))
            {
                milestones.Add(line);
            }
            else if (line.StartsWith("cloud-init-stage=", StringComparison.Ordinal))
            {
                milestones.Add(string.Join(' ', line.Split(' ').Where(w => !w.StartsWith("seconds=", StringComparison.Ordinal))));
            }
            else if (line.StartsWith("Cloud-init v. ", StringComparison.Ordinal) && line.Contains(" finished at ", StringComparison.Ordinal))
            {
                // "Cloud-init v. 22.4.2 finished at DATE. Datasource DataSourceNoCloudNet [seed=...][dsmode=net].  Up N seconds"
                string datasource = line[(line.IndexOf(". Datasource ", StringComparison.Ordinal) + ". Datasource ".Length)..];
                datasource = datasource[..datasource.IndexOf(".  Up ", StringComparison.Ordinal)];
                milestones.Add("cloud-init-finished datasource=" + datasource.Replace(" [", " ", StringComparison.Ordinal).Replace("][", " ", StringComparison.Ordinal)
                    .TrimEnd(']').Replace($":{port}/", ":PORT/", StringComparison.Ordinal));
            }
        }

        return [.. milestones];
    }
}
