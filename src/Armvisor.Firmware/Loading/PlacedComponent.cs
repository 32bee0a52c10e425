using Armvisor.Memory;

namespace Armvisor.Firmware.Loading;

/// <summary>One thing a loader put in guest memory (or reserved there).</summary>
public sealed record PlacedComponent(string Name, AddressRange Range);
