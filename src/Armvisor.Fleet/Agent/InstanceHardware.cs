using System.Net;
using Armvisor.Fleet.Json;

namespace Armvisor.Fleet.Agent;

/// <summary>
/// What the platform tells an instance about itself without the network, like DMI's system-uuid on a cloud VM
/// (cloud-init's local check): its instance id, its own address, and where its metadata service is. The local
/// provider writes it as <c>hardware.json</c> next to (not inside) the instance's disk.
/// </summary>
public sealed record InstanceHardware(string InstanceId, string Address, string MetadataUrl)
{
    public const string FileName = "hardware.json";

    [System.Text.Json.Serialization.JsonIgnore]
    public IPAddress SourceAddress => IPAddress.Parse(Address);

    public static InstanceHardware Load(string path) => FleetJson.Deserialize<InstanceHardware>(File.ReadAllBytes(path));

    public void Save(string path) => File.WriteAllBytes(path, FleetJson.SerializeToUtf8(this));
}
