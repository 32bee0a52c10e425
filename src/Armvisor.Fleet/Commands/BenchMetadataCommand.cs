using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.Providers;

namespace Armvisor.Fleet.Commands;

/// <summary>
/// Hidden <c>armvisor fleet bench-metadata</c>: metadata requests per second and latency percentiles against a
/// service on loopback, with many instances (each client bound to its instance's address) reading with IMDSv2 tokens.
/// A benchmark program, not a test: scripts/fleet-bench.sh runs it and BENCHMARKS.md records the numbers.
/// </summary>
internal static class BenchMetadataCommand
{
    public static Command Create()
    {
        var instances = new Option<int>("--instances") { DefaultValueFactory = _ => 100 };
        var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 32 };
        var seconds = new Option<int>("--seconds") { DefaultValueFactory = _ => 10 };
        var command = new Command("bench-metadata", "Benchmark the metadata service (requests/s, p50/p99).") { instances, concurrency, seconds };
        command.Hidden = true;
        command.SetAction((parse, cancellationToken) => FleetCommands.Guard(() =>
            RunAsync(parse.GetValue(instances), parse.GetValue(concurrency), TimeSpan.FromSeconds(parse.GetValue(seconds)), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(int instanceCount, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var registry = new MetadataRegistry();
        await using var service = new MetadataService(new MetadataServiceOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), RequestsPerSecondPerInstance = 1_000_000 }, registry, null);
        await service.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = new List<IPAddress>();
        for (int i = 1; i <= instanceCount; i++)
        {
            var address = LoopbackAddresses.For(250, i);
            addresses.Add(address);
            registry.Put($"i-bench{i:D10}", new JsonObject
            {
                ["address"] = address.ToString(),
                ["metaData"] = new JsonObject { ["instance-id"] = $"i-bench{i:D10}", ["local-hostname"] = $"bench-{i}" },
            });
        }

        var latencies = new List<double>[concurrency];
        var stop = DateTime.UtcNow + duration;
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var own = new List<double>(100_000);
            latencies[w] = own;
            var source = addresses[w % addresses.Count];
            using var client = Client(source, service.BaseAddress);
            using var put = new HttpRequestMessage(HttpMethod.Put, "latest/api/token");
            put.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "21600");
            using var tokenResponse = await client.SendAsync(put, cancellationToken).ConfigureAwait(false);
            string token = await tokenResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var clock = new Stopwatch();
            while (DateTime.UtcNow < stop)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "latest/meta-data/instance-id");
                request.Headers.Add("X-aws-ec2-metadata-token", token);
                clock.Restart();
                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                own.Add(clock.Elapsed.TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new Common.FleetException($"unexpected HTTP {(int)response.StatusCode}");
                }
            }
        }, cancellationToken)).ToArray();
        var total = Stopwatch.StartNew();
        await Task.WhenAll(workers).ConfigureAwait(false);
        total.Stop();
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all[Math.Min(all.Length - 1, (int)(p * all.Length))];
        Console.WriteLine($"instances={instanceCount} concurrency={concurrency} requests={all.Length} seconds={total.Elapsed.TotalSeconds:0.0} " +
            $"rps={all.Length / total.Elapsed.TotalSeconds:0} p50_ms={Percentile(0.50):0.000} p99_ms={Percentile(0.99):0.000} max_ms={all[^1]:0.000}");
        return 0;
    }

    private static HttpClient Client(IPAddress source, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, token).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }
}
