using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Tests.State;

/// <summary>The store contract against a real 3-member etcd cluster on loopback.</summary>
public sealed class EtcdHostStateStoreTests(EtcdClusterFixture etcd) : HostStateStoreContract, IClassFixture<EtcdClusterFixture>
{
    private readonly string _prefix = "/test/" + Guid.NewGuid().ToString("N");

    protected override IHostStateStore Open() => new EtcdHostStateStore(etcd.Cluster.Endpoints, _prefix);
}
