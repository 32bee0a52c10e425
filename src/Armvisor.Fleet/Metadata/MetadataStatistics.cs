using System.Collections.Concurrent;

namespace Armvisor.Fleet.Metadata;

/// <summary>Counters the service keeps per instance (data reads, tokens, v1 reads as AWS's MetadataNoToken).</summary>
public sealed class MetadataStatistics
{
    private readonly ConcurrentDictionary<string, long> _dataReads = new(StringComparer.Ordinal);
    private long _tokens;
    private long _noToken;
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public long TokensIssued => Interlocked.Read(ref _tokens);

    /// <summary>Reads made without a token (IMDSv1), the CloudWatch MetadataNoToken metric.</summary>
    public long MetadataNoToken => Interlocked.Read(ref _noToken);

    /// <summary>Meta-data, user-data, dynamic and NoCloud GETs made by the instance.</summary>
    public long DataReads(string instanceId) => _dataReads.GetValueOrDefault(instanceId);

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void Token() => Interlocked.Increment(ref _tokens);

    internal void NoToken() => Interlocked.Increment(ref _noToken);

    internal void DataRead(string instanceId) => _dataReads.AddOrUpdate(instanceId, 1, (_, n) => n + 1);
}
