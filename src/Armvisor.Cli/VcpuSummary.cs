using System.Text.Json.Serialization;
using Armvisor.Core;

namespace Armvisor.Cli;

/// <summary>One vCPU in the run summary: counts summed over every boot of the run, power state at the end.</summary>
internal sealed record VcpuSummary
{
    [JsonPropertyName("index")]
    public required int Index { get; init; }

    /// <summary>MPIDR_EL1 as the guest reads it (DDI0487 D23.2 "MPIDR_EL1").</summary>
    [JsonPropertyName("mpidr")]
    public required ulong Mpidr { get; init; }

    [JsonPropertyName("instructions")]
    public required ulong Instructions { get; init; }

    [JsonPropertyName("mmioExits")]
    public required long MmioExits { get; init; }

    /// <summary>The DACR virtualization's counters (patents.md §6(b)); absent when it is off.</summary>
    [JsonPropertyName("shadowPaging")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ShadowPagingSummary? ShadowPaging { get; init; }

    [JsonPropertyName("powerState")]
    public required VcpuPowerState PowerState { get; init; }
}
