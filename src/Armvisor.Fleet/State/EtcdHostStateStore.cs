using Armvisor.Fleet.Common;
using Armvisor.Fleet.Json;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace Armvisor.Fleet.State;

/// <summary>
/// The store for a fleet managed by several daemons: etcd v3 through dotnet-etcd. A record's CAS version is etcd's
/// per-key <c>version</c> (1 at creation, +1 per write), so a transition is one etcd transaction:
/// <c>if version(host) == expected and create_revision(idempotency key) == 0 then put(host), put(key)</c>.
/// Calls that fail because a member is down are retried (the client fails over to the other members).
/// </summary>
public sealed class EtcdHostStateStore : IHostStateStore
{
    private readonly EtcdClient _client;
    private readonly string _prefix;

    public EtcdHostStateStore(string endpoints, string prefix = "/armvisor/fleet")
    {
        if (string.IsNullOrWhiteSpace(endpoints))
        {
            throw new FleetConfigurationException("etcd store needs endpoints, e.g. http://127.0.0.1:2379");
        }

        _client = new EtcdClient(endpoints);
        _prefix = prefix.TrimEnd('/');
    }

    private string HostKey(string hostId) => $"{_prefix}/hosts/{hostId}";

    private string IdemKey(string key) => $"{_prefix}/idempotency/{key}";

    private string AppliedKey(string hostId, long seq) => $"{_prefix}/applied/{hostId}/{seq:D10}";

    public Task<bool> CreateAsync(HostRecord record, CancellationToken cancellationToken = default)
    {
        return Retry(async () =>
        {
            var key = HostKey(record.HostId);
            var txn = new TxnRequest();
            txn.Compare.Add(new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
            txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = Bytes(FleetJson.Serialize(record with { Version = 1 })) } });
            var response = await _client.TransactionAsync(txn, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Succeeded;
        }, cancellationToken);
    }

    public Task<HostRecord?> GetAsync(string hostId, CancellationToken cancellationToken = default)
    {
        return Retry(async () =>
        {
            var response = await _client.GetAsync(HostKey(hostId), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Kvs.Count == 0 ? null : Decode(response.Kvs[0]);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<HostRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        return Retry<IReadOnlyList<HostRecord>>(async () =>
        {
            var response = await _client.GetRangeAsync(_prefix + "/hosts/", cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Kvs.Select(Decode).OrderBy(r => r.HostId, StringComparer.Ordinal).ToList();
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> AppliedKeysAsync(string hostId, CancellationToken cancellationToken = default)
    {
        return Retry<IReadOnlyList<string>>(async () =>
        {
            var response = await _client.GetRangeAsync($"{_prefix}/applied/{hostId}/", cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Kvs.OrderBy(kv => kv.Key.ToStringUtf8(), StringComparer.Ordinal).Select(kv => kv.Value.ToStringUtf8()).ToList();
        }, cancellationToken);
    }

    public Task<TransitionOutcome> TransitionAsync(HostTransition transition, CancellationToken cancellationToken = default)
    {
        return Retry(async () =>
        {
            string hostKey = HostKey(transition.HostId);
            string idemKey = IdemKey(transition.IdempotencyKey);
            var read = new TxnRequest();
            read.Success.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(hostKey) } });
            read.Success.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(idemKey) } });
            var snapshot = await _client.TransactionAsync(read, cancellationToken: cancellationToken).ConfigureAwait(false);
            var hostKvs = snapshot.Responses[0].ResponseRange.Kvs;
            if (hostKvs.Count == 0)
            {
                return new TransitionOutcome(TransitionStatus.NotFound, null);
            }

            var current = Decode(hostKvs[0]);
            if (snapshot.Responses[1].ResponseRange.Kvs.Count > 0)
            {
                return new TransitionOutcome(TransitionStatus.AlreadyApplied, current);
            }

            if (current.Version != transition.ExpectedVersion)
            {
                return new TransitionOutcome(TransitionStatus.Conflict, current);
            }

            var next = transition.Update(current) with { HostId = current.HostId, Version = current.Version + 1 };
            if (!HostStateMachine.IsLegal(current.State, next.State))
            {
                return new TransitionOutcome(TransitionStatus.Illegal, current);
            }

            var cas = new TxnRequest();
            cas.Compare.Add(new Compare { Key = Bytes(hostKey), Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Equal, Version = current.Version });
            cas.Compare.Add(new Compare { Key = Bytes(idemKey), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
            cas.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(hostKey), Value = Bytes(FleetJson.Serialize(next)) } });
            cas.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(idemKey), Value = Bytes(transition.HostId) } });
            cas.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(AppliedKey(transition.HostId, next.Version)), Value = Bytes(transition.IdempotencyKey) } });
            cas.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(hostKey) } });
            cas.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(idemKey) } });
            var result = await _client.TransactionAsync(cas, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return new TransitionOutcome(TransitionStatus.Applied, next);
            }

            var now = result.Responses[0].ResponseRange.Kvs.Count > 0 ? Decode(result.Responses[0].ResponseRange.Kvs[0]) : current;
            return result.Responses[1].ResponseRange.Kvs.Count > 0
                ? new TransitionOutcome(TransitionStatus.AlreadyApplied, now)
                : new TransitionOutcome(TransitionStatus.Conflict, now);
        }, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static ByteString Bytes(string s) => ByteString.CopyFromUtf8(s);

    /// <summary>etcd's key version is the authoritative CAS version.</summary>
    private static HostRecord Decode(Mvccpb.KeyValue kv) => FleetJson.Deserialize<HostRecord>(kv.Value.ToStringUtf8()) with { Version = kv.Version };

    /// <summary>
    /// Retries calls that failed because the member the client talked to is down or the cluster is electing. A CAS
    /// retried after an unknown outcome is safe: its idempotency key makes the replay AlreadyApplied.
    /// </summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), Jitter: true);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown && attempt < 12)
            {
                await Task.Delay(backoff.Delay(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                throw new FleetStoreException($"etcd: {e.Status.Detail}", e);
            }
        }
    }
}
