namespace Armvisor.Fleet.Images;

/// <summary>
/// The agent defaults a master image carries (files/etc/armvisor/defaults.json): nothing host-specific.
/// </summary>
public sealed record ImageDefaults
{
    public const string RelativePath = "etc/armvisor/defaults.json";
    public const string TrustKeyPath = "etc/armvisor/fleet-signing.pub.pem";

    /// <summary>The metadata endpoint, as on EC2. The local provider overrides it per instance (hardware.json).</summary>
    public string MetadataUrl { get; init; } = "http://169.254.169.254/";

    /// <summary>How long the agent waits for its configuration before failing (Ignition's -fetch-timeout: 2 min).</summary>
    public int FetchTimeoutSeconds { get; init; } = 120;

    /// <summary>argv that starts one VM; {kernel}, {name}, {memory}, {cpus}, {run} are replaced.</summary>
    public IReadOnlyList<string> VmCommand { get; init; } = ["{image}/bin/armvisor", "run", "--kernel", "{kernel}"];
}
