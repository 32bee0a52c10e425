using Armvisor.Fleet.Common;

namespace Armvisor.Fleet.State;

/// <summary>Selects a store from one configuration string: <c>sqlite:PATH</c> (default) or <c>etcd:URL[,URL...]</c>.</summary>
public static class HostStateStores
{
    public static IHostStateStore Open(string spec)
    {
        if (spec.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            return SqliteHostStateStore.Open(spec["sqlite:".Length..]);
        }

        if (spec.StartsWith("etcd:", StringComparison.Ordinal))
        {
            return new EtcdHostStateStore(spec["etcd:".Length..]);
        }

        throw new FleetConfigurationException($"store '{spec}' is neither sqlite:PATH nor etcd:URL[,URL...]");
    }
}
