using System.Net;
using System.Reflection;
using Armvisor.Fleet.Output;
using Armvisor.Fleet.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Armvisor.Fleet.Common;

namespace Armvisor.Fleet.Status;

/// <summary>
/// The read-only fleet status page the daemon serves (<c>--status-listen</c>), on its own loopback listener apart
/// from the metadata service (instances must not read the fleet's host table). Routes: <c>/</c> (the page),
/// <c>/assets/status.js|status.css</c> (served from this assembly: the page loads nothing from any other origin,
/// which its Content-Security-Policy enforces), <c>/api/v1/status</c> (<see cref="FleetStatusDocument"/>, the same
/// JSON as <c>fleet status -o json</c>) and <c>/api/v1/history</c> (<see cref="FleetHistoryDocument"/>). GET and
/// HEAD only; anything else is 405.
/// </summary>
public sealed class FleetStatusServer : IAsyncDisposable
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/index.html"] = ("index.html", "text/html; charset=utf-8"),
        ["/assets/status.js"] = ("status.js", "text/javascript; charset=utf-8"),
        ["/assets/status.css"] = ("status.css", "text/css; charset=utf-8"),
    };

    private readonly IHostStateStore _store;
    private readonly IPEndPoint _listen;
    private readonly TimeProvider _time;
    private HttpEndpoint? _endpoint;

    public FleetStatusServer(IHostStateStore store, IPEndPoint listen, FleetHistory history, TimeProvider? time = null)
    {
        _store = store;
        _listen = listen;
        History = history;
        _time = time ?? TimeProvider.System;
    }

    public FleetHistory History { get; }

    /// <summary>The page's address (the port is known after <see cref="StartAsync"/>).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        History.Record(await _store.ListAsync(cancellationToken).ConfigureAwait(false));
        _endpoint = await HttpEndpoint.StartAsync(_listen, maxRequestBodySize: 0, HandleAsync, cancellationToken).ConfigureAwait(false);
        BaseAddress = _endpoint.BaseAddress;
    }

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        string path = context.Request.Path.Value ?? "/";
        try
        {
            switch (path)
            {
                case "/api/v1/status":
                    var hosts = await _store.ListAsync(context.RequestAborted).ConfigureAwait(false);
                    await Json(context, FleetStatusDocument.From(hosts, _time.GetUtcNow())).ConfigureAwait(false);
                    return;
                case "/api/v1/history":
                    await Json(context, History.Snapshot()).ConfigureAwait(false);
                    return;
            }

            if (Assets.TryGetValue(path, out var asset))
            {
                response.ContentType = asset.ContentType;
                await using var stream = Asset(asset.Resource);
                response.ContentLength = stream.Length;
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    await stream.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
                }

                return;
            }

            response.StatusCode = StatusCodes.Status404NotFound;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Common.FleetStoreException e)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.ContentType = "text/plain";
            await response.WriteAsync($"store unavailable: {e.Message}", context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task Json<T>(HttpContext context, T document)
    {
        context.Response.ContentType = "application/json";
        byte[] body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document, OutputJson.Compact);
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static Stream Asset(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("Armvisor.Fleet.Status." + name)
        ?? throw new InvalidOperationException($"status page asset {name} is not embedded");
}
