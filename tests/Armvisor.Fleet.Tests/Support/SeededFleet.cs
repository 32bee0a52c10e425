using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>
/// A fleet data directory whose store holds a fixed set of hosts in several states (no daemon, no instances), so the
/// output of <c>fleet status</c> is the same on every run: 8 Provisioned, 1 SecondBooting, 2 Failed (long reasons with
/// spaces), 1 Registered.
/// </summary>
public static class SeededFleet
{
    public static readonly DateTimeOffset Entered = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);

    public static IReadOnlyList<HostRecord> Hosts { get; } = Build();

    public static async Task<string> CreateAsync(TempDirectory dir)
    {
        string data = dir.Sub("fleet");
        string database = Path.Combine(data, "fleet.db");
        new FleetSettings { Store = "sqlite:" + database, ImageDirectory = dir.Sub("no-image") }.Save(data);
        await using var store = SqliteHostStateStore.Open(database);
        foreach (var host in Hosts)
        {
            await store.CreateAsync(host);
        }

        return data;
    }

    private static List<HostRecord> Build()
    {
        var hosts = new List<HostRecord>();
        for (int index = 1; index <= 12; index++)
        {
            var state = index switch
            {
                <= 8 => HostState.Provisioned,
                9 => HostState.SecondBooting,
                10 or 11 => HostState.Failed,
                _ => HostState.Registered,
            };
            bool allocated = state != HostState.Registered;
            hosts.Add(new HostRecord
            {
                HostId = CloudDaemon.HostId(index),
                Index = index,
                State = state,
                Version = 1,
                InstanceId = allocated ? $"i-{index:x17}" : null,
                Address = allocated ? $"127.100.0.{index + 1}" : null,
                ConfigSha256 = allocated ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(index))) : null,
                FailedPhase = index switch { 10 => "verify", 11 => "timeout", _ => null },
                Reason = index switch
                {
                    10 => "configuration sha256 mismatch: the stored configuration was altered after sealing",
                    11 => "no progress past FirstBooting within 1800 s",
                    _ => null,
                },
                EnteredAt = Entered.AddSeconds(index),
                SecretsRevoked = state == HostState.Provisioned,
            });
        }

        return hosts;
    }
}
