using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.State;

/// <summary>One etcd cluster shared by the etcd store tests of a class.</summary>
public sealed class EtcdClusterFixture : IDisposable
{
    public EtcdCluster Cluster { get; } = new();

    public void Dispose() => Cluster.Dispose();
}
