using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Json;
using Armvisor.Fleet.Metadata;

namespace Armvisor.Fleet.Agent;

/// <summary>
/// The agent's IMDSv2 client with the client rules of provisioning.md §7.1: a session token (PUT, re-PUT on 401),
/// 10 s header timeout, retry with backoff 100 ms → 5 s on connection errors, 5xx and 429 (honouring Retry-After up
/// to the cap), never on other 4xx; a deadline bounds the whole wait. Connections leave from the instance's own
/// address, which is how the service knows the instance.
/// </summary>
public sealed class MetadataClient : IDisposable
{
    public const int TokenTtlSeconds = 21600;

    private readonly HttpClient _http;
    private readonly ExponentialBackoff _backoff;
    private string? _token;

    public MetadataClient(Uri baseAddress, IPAddress sourceAddress, ExponentialBackoff? backoff = null)
    {
        _backoff = backoff ?? ExponentialBackoff.Client;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(sourceAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Requests made (each attempt counts), for tests and benchmarks.</summary>
    public int Requests { get; private set; }

    /// <summary>GET with a token, retrying until success, a final 4xx, or <paramref name="deadline"/>.</summary>
    public Task<MetadataResponse> GetAsync(string path, DateTimeOffset deadline, CancellationToken cancellationToken = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), deadline, cancellationToken);

    /// <summary>Reports a boot phase (POST /armvisor/v1/events), retrying the same way (503 while the daemon is away).</summary>
    public Task<MetadataResponse> ReportAsync(HostEvent hostEvent, DateTimeOffset deadline, CancellationToken cancellationToken = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "armvisor/v1/events") { Content = JsonContent.Create(hostEvent, options: FleetJson.Options) }, deadline, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<MetadataResponse> SendAsync(Func<HttpRequestMessage> build, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        HttpStatusCode? last = null;
        string body = string.Empty;
        for (int attempt = 0; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                _token ??= await FetchTokenAsync(cancellationToken).ConfigureAwait(false);
                if (_token is not null)
                {
                    using var request = build();
                    request.Headers.Add("X-aws-ec2-metadata-token", _token);
                    Requests++;
                    using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    last = response.StatusCode;
                    body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.Unauthorized)
                    {
                        _token = null; // expired or the service restarted with a new key: get a new token
                    }
                    else if (!Retryable(response.StatusCode))
                    {
                        return new MetadataResponse(response.StatusCode, body, attempt + 1);
                    }

                    retryAfter = response.Headers.RetryAfter?.Delta;
                }
            }
            catch (HttpRequestException)
            {
                last = null;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = null; // header timeout
            }

            var delay = _backoff.Delay(attempt);
            if (retryAfter is TimeSpan hint && hint > delay)
            {
                delay = hint < _backoff.Cap ? hint : _backoff.Cap;
            }

            if (DateTimeOffset.UtcNow + delay >= deadline)
            {
                return new MetadataResponse(last, body, attempt + 1);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>PUT /latest/api/token. Null when the service did not answer usefully (the caller retries).</summary>
    private async Task<string?> FetchTokenAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "latest/api/token");
        request.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", TokenTtlSeconds.ToString(CultureInfo.InvariantCulture));
        Requests++;
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Retry on 5xx and 429, never on other 4xx (provisioning.md §7.1).</summary>
    private static bool Retryable(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;
}
