using System.Diagnostics;
using System.Globalization;
using System.Text;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Images;
using Armvisor.Fleet.Json;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Agent;

/// <summary>
/// The first-boot agent in the master image, one run per boot (patents.md §7(a)):
/// <list type="number">
/// <item>check the image is the master it claims to be (hash of every file);</item>
/// <item>first boot = no installed state, or state installed for another instance id (a cloned disk);</item>
/// <item>first boot: fetch the sealed configuration (client backoff), verify hash + signature + instance id,
/// install it atomically, report each phase, reboot; a bad or missing configuration fails the host and never
/// boots it half-configured;</item>
/// <item>later boots: apply the installed configuration and start the host's VMs with no metadata fetch; the
/// first of them (the second boot) reports the host provisioned.</item>
/// </list>
/// </summary>
public sealed partial class FirstBootAgent
{
    public const string HostStatePath = "latest/meta-data/armvisor/host-state";

    private readonly InstanceDisk _disk;
    private readonly InstanceHardware _hardware;
    private readonly AgentOptions _options;
    private readonly string _bootId = Guid.NewGuid().ToString("N");

    public FirstBootAgent(InstanceDisk disk, InstanceHardware hardware, AgentOptions? options = null)
    {
        _disk = disk;
        _hardware = hardware;
        _options = options ?? new AgentOptions();
    }

    /// <summary>Metadata requests this boot made (0 on a boot of an already configured host).</summary>
    public int MetadataRequests { get; private set; }

    public async Task<BootOutcome> BootAsync(CancellationToken cancellationToken = default)
    {
        int boot = RecordBoot();
        Log($"boot {boot} ({_bootId}) instance {_hardware.InstanceId}");
        Directory.CreateDirectory(_disk.RunPath);

        // The image is checked at every boot; nothing on a modified image is trusted, not even its agent defaults.
        string expectedImage = _disk.ExpectedImageId;
        if (MasterImage.Verify(_disk.ImagePath, expectedImage) is string imageProblem)
        {
            Log($"image check failed: {imageProblem}");
            await ReportFailureAsync(HostPhases.ImageCheck, imageProblem, cancellationToken).ConfigureAwait(false);
            return BootOutcome.Failed;
        }

        var image = MasterImage.Open(_disk.ImagePath);
        var marker = _disk.ReadMarker();
        if (marker is not null && string.Equals(marker.InstanceId, _hardware.InstanceId, StringComparison.Ordinal))
        {
            return await ConfiguredBootAsync(image, marker, cancellationToken).ConfigureAwait(false);
        }

        if (marker is not null)
        {
            // cloud-init's rule: a different instance id means a new instance, so per-instance work runs again.
            Log($"state belongs to instance {marker.InstanceId}; resetting to the master state");
            _disk.ResetToMaster();
        }

        return await FirstBootAsync(image, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BootOutcome> FirstBootAsync(MasterImage image, CancellationToken cancellationToken)
    {
        var defaults = image.Defaults;
        using var client = NewClient(defaults);
        try
        {
            await ReportAsync(client, new HostEvent(HostPhases.FirstBootStarted, _bootId), cancellationToken).ConfigureAwait(false);
            var fetchTimeout = _options.FetchTimeout ?? TimeSpan.FromSeconds(defaults.FetchTimeoutSeconds);
            var response = await client.GetAsync(HostStatePath, DateTimeOffset.UtcNow + fetchTimeout, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                string reason = response.Status is null
                    ? $"metadata service unreachable for {fetchTimeout.TotalSeconds:0.#} s ({response.Attempts} attempts)"
                    : $"host-state configuration not available after {fetchTimeout.TotalSeconds:0.#} s: HTTP {(int)response.Status} ({response.Attempts} attempts)";
                return await FailAsync(client, HostPhases.Fetch, reason, cancellationToken).ConfigureAwait(false);
            }

            SealedConfiguration? sealedConfiguration;
            try
            {
                sealedConfiguration = FleetJson.Deserialize<SealedConfiguration>(response.Body);
            }
            catch (System.Text.Json.JsonException)
            {
                sealedConfiguration = null;
            }

            using var seal = ConfigurationSeal.FromPem(image.TrustKeyPem);
            var verified = seal.Verify(sealedConfiguration, _hardware.InstanceId);
            if (!verified.IsValid)
            {
                return await FailAsync(client, HostPhases.Verify, verified.Reason!, cancellationToken).ConfigureAwait(false);
            }

            await ReportAsync(client, new HostEvent(HostPhases.ConfigFetched, _bootId), cancellationToken).ConfigureAwait(false);

            var files = new Dictionary<string, byte[]>
            {
                [InstanceDisk.HostStateFile] = Encoding.UTF8.GetBytes(response.Body),
                [InstanceDisk.ConfigFile] = FleetJson.SerializeToUtf8(verified.Configuration!),
            };
            _disk.InstallState(files, new InstalledMarker(_hardware.InstanceId, sealedConfiguration!.Sha256, image.Id, DateTimeOffset.UtcNow));
            Log($"configuration {sealedConfiguration.Sha256[..16]} installed");
            await ReportAsync(client, new HostEvent(HostPhases.ConfigInstalled, _bootId), cancellationToken).ConfigureAwait(false);
            return BootOutcome.Reboot;
        }
        finally
        {
            MetadataRequests += client.Requests;
        }
    }

    private async Task<BootOutcome> ConfiguredBootAsync(MasterImage image, InstalledMarker marker, CancellationToken cancellationToken)
    {
        // The installed state was verified before it was installed; check it is still what was installed.
        string sealedText = _disk.ReadStateFile(InstanceDisk.HostStateFile);
        var sealedConfiguration = FleetJson.Deserialize<SealedConfiguration>(sealedText);
        using (var seal = ConfigurationSeal.FromPem(image.TrustKeyPem))
        {
            var verified = seal.Verify(sealedConfiguration, _hardware.InstanceId);
            if (!verified.IsValid || sealedConfiguration.Sha256 != marker.ConfigSha256)
            {
                Log($"installed state invalid: {verified.Reason ?? "hash differs from the marker"}");
                _disk.ResetToMaster();
                return BootOutcome.Reboot;
            }

            Apply(verified.Configuration!);
            if (marker.ProvisionedReported)
            {
                return await RunVmsAsync(image, verified.Configuration!, null, cancellationToken).ConfigureAwait(false);
            }

            using var client = NewClient(image.Defaults);
            try
            {
                await ReportAsync(client, new HostEvent(HostPhases.SecondBootStarted, _bootId), cancellationToken).ConfigureAwait(false);
                var outcome = await RunVmsAsync(image, verified.Configuration!, client, cancellationToken).ConfigureAwait(false);
                if (outcome == BootOutcome.Halted)
                {
                    _disk.UpdateMarker(marker with { ProvisionedReported = true });
                }

                return outcome;
            }
            finally
            {
                MetadataRequests += client.Requests;
            }
        }
    }

    /// <summary>Applies the host identity early in the boot (hostname, management address) into the run directory.</summary>
    private void Apply(HostConfiguration configuration)
    {
        File.WriteAllText(Path.Combine(_disk.RunPath, "hostname"), configuration.Hostname + "\n");
        File.WriteAllText(Path.Combine(_disk.RunPath, "management-address"), configuration.ManagementAddress + "\n");
        Log($"host {configuration.Hostname} {configuration.ManagementAddress}");
    }

    private MetadataClient NewClient(ImageDefaults defaults)
    {
        string url = string.IsNullOrEmpty(_hardware.MetadataUrl) ? defaults.MetadataUrl : _hardware.MetadataUrl;
        return new MetadataClient(new Uri(url.EndsWith('/') ? url : url + "/"), _hardware.SourceAddress, _options.Backoff);
    }

    private async Task<BootOutcome> FailAsync(MetadataClient client, string phase, string reason, CancellationToken cancellationToken)
    {
        Log($"provisioning failed in {phase}: {reason}");
        await ReportAsync(client, new HostEvent(HostPhases.Failed, _bootId, reason, phase), cancellationToken).ConfigureAwait(false);
        return BootOutcome.Failed;
    }

    private async Task ReportFailureAsync(string phase, string reason, CancellationToken cancellationToken)
    {
        using var client = new MetadataClient(new Uri(_hardware.MetadataUrl.EndsWith('/') ? _hardware.MetadataUrl : _hardware.MetadataUrl + "/"), _hardware.SourceAddress, _options.Backoff);
        await FailAsync(client, phase, reason, cancellationToken).ConfigureAwait(false);
        MetadataRequests += client.Requests;
    }

    private async Task ReportAsync(MetadataClient client, HostEvent hostEvent, CancellationToken cancellationToken)
    {
        var response = await client.ReportAsync(hostEvent, DateTimeOffset.UtcNow + _options.ReportTimeout, cancellationToken).ConfigureAwait(false);
        Log($"report {hostEvent.Phase}: {(response.Status is null ? "no answer" : ((int)response.Status).ToString(CultureInfo.InvariantCulture))}");
    }

    private int RecordBoot()
    {
        string log = Path.Combine(_disk.Root, "boot.log");
        int count = File.Exists(log) ? File.ReadAllLines(log).Length : 0;
        File.AppendAllText(log, $"{count + 1} {_bootId} {DateTimeOffset.UtcNow:O}\n");
        return count + 1;
    }

    private void Log(string line) => _options.Console.WriteLine($"[agent {_hardware.InstanceId}] {line}");
}
