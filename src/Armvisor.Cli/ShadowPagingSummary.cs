using System.Text.Json.Serialization;
using Armvisor.Core.ShadowPaging;

namespace Armvisor.Cli;

/// <summary>A vCPU's DACR-virtualization counters in the run summary (names as patents.md §6(b) gives them).</summary>
internal sealed record ShadowPagingSummary
{
    [JsonPropertyName("dacrWrites")]
    public long DacrWrites { get; init; }

    [JsonPropertyName("shadowFaults")]
    public long ShadowFaults { get; init; }

    [JsonPropertyName("l1EntriesRewritten")]
    public long L1EntriesRewritten { get; init; }

    [JsonPropertyName("l1EntriesVisited")]
    public long L1EntriesVisited { get; init; }

    [JsonPropertyName("l2Dropped")]
    public long L2Dropped { get; init; }

    [JsonPropertyName("l2Repopulated")]
    public long L2Repopulated { get; init; }

    [JsonPropertyName("l2Swizzled")]
    public long L2Swizzled { get; init; }

    [JsonPropertyName("reflectedFaults")]
    public long ReflectedFaults { get; init; }

    [JsonPropertyName("tableWrites")]
    public long TableWrites { get; init; }

    [JsonPropertyName("shadowInvalidations")]
    public long ShadowInvalidations { get; init; }

    [JsonPropertyName("isolationRefusals")]
    public long IsolationRefusals { get; init; }

    [JsonPropertyName("shadowSwitches")]
    public long ShadowSwitches { get; init; }

    [JsonPropertyName("addressSpaceSwitches")]
    public long AddressSpaceSwitches { get; init; }

    /// <summary>The hypervisor page of the vCPU's shadow pool still holds its pattern (isolation).</summary>
    [JsonPropertyName("hypervisorPageIntact")]
    public bool HypervisorPageIntact { get; init; }

    public static ShadowPagingSummary? From(ShadowPagingStatistics? s, bool? intact) => s is null ? null : new ShadowPagingSummary
    {
        DacrWrites = s.DacrWrites,
        ShadowFaults = s.ShadowFaults,
        L1EntriesRewritten = s.L1EntriesRewritten,
        L1EntriesVisited = s.L1EntriesVisited,
        L2Dropped = s.L2Dropped,
        L2Repopulated = s.L2Repopulated,
        L2Swizzled = s.L2Swizzled,
        ReflectedFaults = s.ReflectedFaults,
        TableWrites = s.TableWrites,
        ShadowInvalidations = s.ShadowInvalidations,
        IsolationRefusals = s.IsolationRefusals,
        ShadowSwitches = s.ShadowSwitches,
        AddressSpaceSwitches = s.AddressSpaceSwitches,
        HypervisorPageIntact = intact ?? true,
    };
}
