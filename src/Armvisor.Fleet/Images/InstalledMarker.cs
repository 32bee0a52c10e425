namespace Armvisor.Fleet.Images;

/// <summary>
/// The "configured" marker in an instance's state partition (patents.md §7(b)): which instance the state was
/// installed for, the configuration's hash, and whether the second boot has reported the host provisioned.
/// </summary>
public sealed record InstalledMarker(string InstanceId, string ConfigSha256, string ImageId, DateTimeOffset InstalledAt, bool ProvisionedReported = false);
