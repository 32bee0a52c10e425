using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Tests.State;

/// <summary>What every <see cref="IHostStateStore"/> must do; run against SQLite and a real etcd cluster.</summary>
public abstract class HostStateStoreContract
{
    protected abstract IHostStateStore Open();

    private static string NewId() => "host-" + Guid.NewGuid().ToString("N")[..8];

    private static HostTransition To(HostRecord r, HostState state, string key) =>
        new(r.HostId, r.Version, key, x => x with { State = state });

    [Fact]
    public async Task Create_Twice_SecondReturnsFalseAndKeepsFirst()
    {
        await using var store = Open();
        string id = NewId();
        Assert.True(await store.CreateAsync(new HostRecord { HostId = id, Index = 1 }));
        Assert.False(await store.CreateAsync(new HostRecord { HostId = id, Index = 2 }));
        var record = await store.GetAsync(id);
        Assert.Equal(1, record!.Index);
        Assert.Equal(1, record.Version);
    }

    [Fact]
    public async Task Transition_ExpectedVersion_AppliesAndBumpsVersion()
    {
        await using var store = Open();
        string id = NewId();
        await store.CreateAsync(new HostRecord { HostId = id, Index = 1 });
        var record = (await store.GetAsync(id))!;
        var outcome = await store.TransitionAsync(To(record, HostState.ConfigStored, id + "/a"));
        Assert.Equal(TransitionStatus.Applied, outcome.Status);
        Assert.Equal(2, outcome.Record!.Version);
        Assert.Equal(HostState.ConfigStored, (await store.GetAsync(id))!.State);
    }

    [Fact]
    public async Task Transition_StaleVersion_ConflictsAndChangesNothing()
    {
        await using var store = Open();
        string id = NewId();
        await store.CreateAsync(new HostRecord { HostId = id, Index = 1 });
        var stale = (await store.GetAsync(id))!;
        await store.TransitionAsync(To(stale, HostState.ConfigStored, id + "/a"));
        var outcome = await store.TransitionAsync(To(stale, HostState.Failed, id + "/b"));
        Assert.Equal(TransitionStatus.Conflict, outcome.Status);
        Assert.Equal(HostState.ConfigStored, (await store.GetAsync(id))!.State);
    }

    [Fact]
    public async Task Transition_ReplayedIdempotencyKey_AlreadyAppliedOnce()
    {
        await using var store = Open();
        string id = NewId();
        await store.CreateAsync(new HostRecord { HostId = id, Index = 1 });
        var record = (await store.GetAsync(id))!;
        await store.TransitionAsync(To(record, HostState.ConfigStored, id + "/a"));
        var replay = await store.TransitionAsync(To(record, HostState.ConfigStored, id + "/a"));
        Assert.Equal(TransitionStatus.AlreadyApplied, replay.Status);
        Assert.Equal(2, (await store.GetAsync(id))!.Version);
        Assert.Equal([id + "/a"], await store.AppliedKeysAsync(id));
    }

    [Fact]
    public async Task Transition_NotInStateMachine_IsIllegal()
    {
        await using var store = Open();
        string id = NewId();
        await store.CreateAsync(new HostRecord { HostId = id, Index = 1 });
        var record = (await store.GetAsync(id))!;
        var outcome = await store.TransitionAsync(To(record, HostState.Provisioned, id + "/skip"));
        Assert.Equal(TransitionStatus.Illegal, outcome.Status);
        Assert.Equal(HostState.Registered, (await store.GetAsync(id))!.State);
    }

    [Fact]
    public async Task Transition_ConcurrentWritersSameVersion_ExactlyOneApplies()
    {
        await using var store = Open();
        string id = NewId();
        await store.CreateAsync(new HostRecord { HostId = id, Index = 1 });
        var record = (await store.GetAsync(id))!;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.TransitionAsync(To(record, HostState.ConfigStored, $"{id}/w{i}"))));
        Assert.Single(outcomes, o => o.Status == TransitionStatus.Applied);
        Assert.Equal(7, outcomes.Count(o => o.Status == TransitionStatus.Conflict));
    }

    [Fact]
    public async Task Transition_UnknownHost_NotFound()
    {
        await using var store = Open();
        var outcome = await store.TransitionAsync(new HostTransition("host-none-" + Guid.NewGuid().ToString("N"), 1, "k", r => r));
        Assert.Equal(TransitionStatus.NotFound, outcome.Status);
    }
}
