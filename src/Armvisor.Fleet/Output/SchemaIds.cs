namespace Armvisor.Fleet.Output;

/// <summary>
/// The <c>schema</c> value of each JSON form, "NAME/vMAJOR" (docs/output.md). The major version changes only when a
/// field is removed, renamed or changes meaning; new fields may be added within a version.
/// </summary>
public static class SchemaIds
{
    public const string FleetStatus = "armvisor.fleet.status/v1";
    public const string FleetHost = "armvisor.fleet.host/v1";
    public const string FleetUp = "armvisor.fleet.up/v1";
    public const string FleetHistory = "armvisor.fleet.history/v1";
    public const string Image = "armvisor.image/v1";
}
