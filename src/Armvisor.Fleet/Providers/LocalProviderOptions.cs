namespace Armvisor.Fleet.Providers;

public sealed record LocalProviderOptions
{
    /// <summary>Fleet name: part of every instance id.</summary>
    public string Fleet { get; init; } = "local";

    /// <summary>Second octet of the instances' loopback addresses (127.S.x.y); distinct fleets use distinct S.</summary>
    public int Subnet { get; init; } = 100;

    /// <summary>The metadata URL written into each instance's hardware description.</summary>
    public required Uri MetadataUrl { get; init; }

    /// <summary>Where instance directories live.</summary>
    public required string InstancesRoot { get; init; }
}
