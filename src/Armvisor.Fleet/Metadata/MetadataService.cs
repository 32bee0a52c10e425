using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Armvisor.Fleet.Common;

namespace Armvisor.Fleet.Metadata;

/// <summary>
/// The metadata service (ASP.NET Core on Kestrel): the IMDSv2-compatible tree, the NoCloud seed route, the admin API
/// and the boot-phase callbacks, all on one listener. Routes and their ABI: docs/fleet.md "Metadata routes".
/// An instance is known by its source address and reads only its own data.
/// </summary>
public sealed partial class MetadataService : IAsyncDisposable
{
    private readonly MetadataServiceOptions _options;
    private readonly ImdsTokens _tokens;
    private readonly ECDsa _identityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly ILogger _log;
    private HttpEndpoint? _endpoint;

    public MetadataService(MetadataServiceOptions options, MetadataRegistry registry, IHostEventSink? events, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        Registry = registry;
        Events = events;
        _tokens = new ImdsTokens(options.TokenKey);
        LoggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        _log = LoggerFactory.CreateLogger("Armvisor.Fleet.Metadata");
    }

    public MetadataRegistry Registry { get; }

    public IHostEventSink? Events { get; set; }

    public MetadataStatistics Statistics { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    public string AdminToken => _options.AdminToken;

    /// <summary>The bound address (the port is known after <see cref="StartAsync"/>).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _endpoint = await HttpEndpoint.StartAsync(_options.Listen, maxRequestBodySize: 1024 * 1024, HandleAsync, cancellationToken).ConfigureAwait(false);
        BaseAddress = _endpoint.BaseAddress;
    }

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var limiter in _limiters.Values)
        {
            await limiter.DisposeAsync().ConfigureAwait(false);
        }

        _identityKey.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Statistics.Request();
        context.Response.Headers.CacheControl = "no-store";
        string path = context.Request.Path.Value ?? "/";
        try
        {
            if (path.StartsWith("/admin/", StringComparison.Ordinal))
            {
                await HandleAdminAsync(context, path).ConfigureAwait(false);
            }
            else if (path.StartsWith("/nocloud/", StringComparison.Ordinal) || path == "/nocloud")
            {
                await HandleNoCloudAsync(context, path).ConfigureAwait(false);
            }
            else if (path.StartsWith("/armvisor/v1/events", StringComparison.Ordinal))
            {
                await HandleEventAsync(context).ConfigureAwait(false);
            }
            else
            {
                await HandleImdsAsync(context, path).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }

        if (_log.IsEnabled(LogLevel.Debug))
        {
            _log.LogDebug("{Method} {Path} from {Remote} -> {Status}", context.Request.Method, path, context.Connection.RemoteIpAddress, context.Response.StatusCode);
        }
    }

    /// <summary>The instance the request comes from, by source address.</summary>
    private InstanceMetadata? Caller(HttpContext context) =>
        context.Connection.RemoteIpAddress is IPAddress remote ? Registry.FindByAddress(remote) : null;

    private bool Throttled(InstanceMetadata instance)
    {
        var limiter = _limiters.GetOrAdd(instance.InstanceId, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _options.RequestsPerSecondPerInstance * 2,
            TokensPerPeriod = _options.RequestsPerSecondPerInstance,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = limiter.AttemptAcquire();
        return !lease.IsAcquired;
    }

    private Task RetryLater(HttpContext context, string message)
    {
        context.Response.Headers.RetryAfter = _options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Text(context, StatusCodes.Status503ServiceUnavailable, message);
    }

    private static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;

        // A 204 (or 304) has no body (RFC 9110 §15.3.5): Kestrel rejects even an empty write to one and drops the
        // connection, which clients saw as "response ended prematurely".
        if (status is 204 or 304 || body.Length == 0)
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "text/plain";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static Task Status(HttpContext context, int status) => Text(context, status, status switch
    {
        400 => "Missing or Invalid Parameters",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        _ => string.Empty,
    });
}
