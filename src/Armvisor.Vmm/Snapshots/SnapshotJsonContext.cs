using System.Text.Json.Serialization;

namespace Armvisor.Vmm.Snapshots;

/// <summary>The CONF section's serializer, generated at build time: a restore pays no reflection warm-up for it.</summary>
[JsonSerializable(typeof(MachineConfiguration))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
