using System.Net;

namespace Armvisor.Fleet.Providers;

/// <summary>An allocated (not yet started) instance: its id and the address the metadata service will see.</summary>
public sealed record InstanceAllocation(string InstanceId, IPAddress Address);
