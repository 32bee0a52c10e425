using Armvisor.Fleet.State;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.State;

public sealed class SqliteHostStateStoreTests : HostStateStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override IHostStateStore Open() => SqliteHostStateStore.Open(_dir.Sub("fleet.db"));

    [Fact]
    public async Task Reopen_AfterTransitions_KeepsRecordsAndKeys()
    {
        await using (var store = Open())
        {
            await store.CreateAsync(new HostRecord { HostId = "host-0001", Index = 1 });
            var r = (await store.GetAsync("host-0001"))!;
            await store.TransitionAsync(new HostTransition("host-0001", r.Version, "host-0001/config-stored", x => x with { State = HostState.ConfigStored }));
        }

        await using var reopened = Open();
        Assert.Equal(HostState.ConfigStored, (await reopened.GetAsync("host-0001"))!.State);
        Assert.Equal(["host-0001/config-stored"], await reopened.AppliedKeysAsync("host-0001"));
    }

    public void Dispose() => _dir.Dispose();
}
