using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Armvisor.Fleet.Common;

/// <summary>
/// One Kestrel listener with a single request handler and no logging or Server header: what the metadata service and
/// the status page each are. <see cref="BaseAddress"/> is the bound address (port 0 resolves to the chosen port).
/// </summary>
public sealed class HttpEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpEndpoint(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts serving <paramref name="handler"/> on <paramref name="listen"/>; request bodies are refused past
    /// <paramref name="maxRequestBodySize"/> bytes (0: no body at all).</summary>
    public static async Task<HttpEndpoint> StartAsync(
        IPEndPoint listen, long maxRequestBodySize, RequestDelegate handler, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(listen);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = maxRequestBodySize;
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Urls.First();
        return new HttpEndpoint(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
