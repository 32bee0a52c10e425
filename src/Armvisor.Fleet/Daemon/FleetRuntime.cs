using System.Net;
using Armvisor.Fleet.Agent;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Images;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.Providers;
using Armvisor.Fleet.State;
using Armvisor.Fleet.Status;

namespace Armvisor.Fleet.Daemon;

/// <summary>
/// One running fleet control plane: store, metadata service, provider and daemon, wired from a data directory
/// (<c>fleet.json</c>, <c>fleet-signing.pem</c>, <c>instances/</c>). <c>fleet up</c> and <c>fleet daemon</c> are this.
/// </summary>
public sealed class FleetRuntime : IAsyncDisposable
{
    private FleetRuntime(FleetSettings settings, IHostStateStore store, MetadataService metadata, LocalProviderBase provider, CloudDaemon daemon, ConfigurationSeal seal, FleetStatusServer? statusPage)
    {
        StatusPage = statusPage;
        Settings = settings;
        Store = store;
        Metadata = metadata;
        Provider = provider;
        Daemon = daemon;
        Seal = seal;
    }

    public FleetSettings Settings { get; }

    public IHostStateStore Store { get; }

    public MetadataService Metadata { get; }

    public LocalProviderBase Provider { get; }

    public CloudDaemon Daemon { get; }

    public ConfigurationSeal Seal { get; }

    /// <summary>The read-only status page, when <c>--status-listen</c> asked for one.</summary>
    public FleetStatusServer? StatusPage { get; }

    public static string SigningKeyPath(string dataDirectory) => Path.Combine(dataDirectory, "fleet-signing.pem");

    public static async Task<FleetRuntime> StartAsync(string dataDirectory, FleetSettings settings, HostTemplate? template = null, DaemonOptions? daemonOptions = null, string? statusListen = null, CancellationToken cancellationToken = default)
    {
        var statusEndpoint = statusListen is null ? null : ParseEndpoint(statusListen);
        var seal = ConfigurationSeal.LoadOrCreate(SigningKeyPath(dataDirectory));
        var image = MasterImage.Open(settings.ImageDirectory);
        if (!string.Equals(image.TrustKeyPem.Trim(), seal.ExportPublicKeyPem().Trim(), StringComparison.Ordinal))
        {
            throw new FleetConfigurationException($"image {image.Directory} does not trust this fleet's signing key");
        }

        if (settings.Listen.EndsWith(":0", StringComparison.Ordinal))
        {
            // Instances keep the metadata URL across daemon restarts, so the port is fixed on first start.
            settings = settings with { Listen = $"127.0.0.1:{FreeLoopbackPort()}" };
            settings.Save(dataDirectory);
        }

        var listen = ParseEndpoint(settings.Listen);
        var store = HostStateStores.Open(settings.Store);
        var registry = new MetadataRegistry();
        var metadata = new MetadataService(new MetadataServiceOptions
        {
            Listen = listen,
            AdminToken = settings.AdminToken,
            TokenKey = Convert.FromBase64String(settings.TokenKey),
        }, registry, events: null);
        var providerOptions = new LocalProviderOptions
        {
            Fleet = settings.Fleet,
            Subnet = settings.Subnet,
            MetadataUrl = new Uri($"http://{listen}/"),
            InstancesRoot = Path.Combine(dataDirectory, "instances"),
        };
        LocalProviderBase provider = settings.Provider switch
        {
            "local" => new LocalProcessProvider(image, providerOptions),
            "in-process" => new InProcessProvider(image, providerOptions, new AgentOptions { VmCommand = settings.VmCommand }),
            _ => throw new FleetConfigurationException($"provider '{settings.Provider}' is neither local nor in-process"),
        };
        var options = (daemonOptions ?? new DaemonOptions()) with
        {
            MaxInFlight = settings.MaxInFlight,
            ProvisionTimeout = TimeSpan.FromSeconds(settings.ProvisionTimeoutSeconds),
        };
        var daemon = new CloudDaemon(store, provider, registry, seal, template ?? new HostTemplate(), image.Id, options);
        metadata.Events = daemon;
        await daemon.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await metadata.StartAsync(cancellationToken).ConfigureAwait(false);
        FleetStatusServer? statusPage = null;
        if (statusEndpoint is not null)
        {
            var history = new FleetHistory();
            daemon.Progress += history.Record;
            statusPage = new FleetStatusServer(store, statusEndpoint, history);
            try
            {
                await statusPage.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await metadata.DisposeAsync().ConfigureAwait(false);
                throw new FleetConfigurationException($"cannot serve the status page on {statusEndpoint}: {e.Message}");
            }
        }

        return new FleetRuntime(settings, store, metadata, provider, daemon, seal, statusPage);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static IPEndPoint ParseEndpoint(string text)
    {
        if (!IPEndPoint.TryParse(text, out var endpoint))
        {
            throw new FleetConfigurationException($"'{text}' is not ADDRESS:PORT");
        }

        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new FleetConfigurationException($"the local fleet listens on loopback only, not {endpoint.Address}");
        }

        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        if (StatusPage is not null)
        {
            await StatusPage.DisposeAsync().ConfigureAwait(false);
        }

        await Metadata.DisposeAsync().ConfigureAwait(false);
        await Provider.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
        Seal.Dispose();
    }
}
