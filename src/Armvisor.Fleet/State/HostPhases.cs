namespace Armvisor.Fleet.State;

/// <summary>Phase names the first-boot agent reports (POST /armvisor/v1/events), after provisioning.md §7.1.</summary>
public static class HostPhases
{
    public const string FirstBootStarted = "first-boot-started";
    public const string ConfigFetched = "config-fetched";
    public const string ConfigInstalled = "config-installed";
    public const string SecondBootStarted = "second-boot-started";
    public const string Provisioned = "provisioned";
    public const string Failed = "failed";

    /// <summary>Phases of a failure (the <c>phase</c> a Failed host records).</summary>
    public const string Fetch = "fetch";
    public const string Verify = "verify";
    public const string Install = "install";
    public const string ImageCheck = "image-check";
    public const string StartVms = "start-vms";
    public const string Allocate = "allocate";
    public const string Start = "start";
    public const string Timeout = "timeout";
}
