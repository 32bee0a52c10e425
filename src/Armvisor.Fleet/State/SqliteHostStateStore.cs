using Armvisor.Fleet.Common;
using Armvisor.Fleet.Json;
using Microsoft.Data.Sqlite;

namespace Armvisor.Fleet.State;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode, synchronous=FULL (a committed transition survives kill -9
/// and power loss). Each transition is one <c>BEGIN IMMEDIATE</c> transaction that checks the idempotency key, compares
/// the version, writes the record and records the key, so a crash leaves either all of it or none.
/// </summary>
public sealed class SqliteHostStateStore : IHostStateStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteHostStateStore(SqliteConnection connection) => _connection = connection;

    public static SqliteHostStateStore Open(string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                PRAGMA busy_timeout=10000;
                CREATE TABLE IF NOT EXISTS hosts (host_id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, host_id TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS idempotency_host ON idempotency(host_id, seq);
                """);
            return new SqliteHostStateStore(connection);
        }
        catch (SqliteException e)
        {
            throw new FleetStoreException($"cannot open SQLite store {path}: {e.Message}", e);
        }
    }

    public async Task<bool> CreateAsync(HostRecord record, CancellationToken cancellationToken = default)
    {
        return await Locked(() =>
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT OR IGNORE INTO hosts(host_id, version, body) VALUES ($id, $v, $b)";
            var stored = record with { Version = 1 };
            cmd.Parameters.AddWithValue("$id", record.HostId);
            cmd.Parameters.AddWithValue("$v", stored.Version);
            cmd.Parameters.AddWithValue("$b", FleetJson.Serialize(stored));
            return cmd.ExecuteNonQuery() == 1;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<HostRecord?> GetAsync(string hostId, CancellationToken cancellationToken = default)
    {
        return await Locked(() => Read(hostId, null), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<HostRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        return await Locked<IReadOnlyList<HostRecord>>(() =>
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT body FROM hosts ORDER BY host_id";
            using var reader = cmd.ExecuteReader();
            var list = new List<HostRecord>();
            while (reader.Read())
            {
                list.Add(FleetJson.Deserialize<HostRecord>(reader.GetString(0)));
            }

            return list;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> AppliedKeysAsync(string hostId, CancellationToken cancellationToken = default)
    {
        return await Locked<IReadOnlyList<string>>(() =>
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT key FROM idempotency WHERE host_id = $id ORDER BY seq";
            cmd.Parameters.AddWithValue("$id", hostId);
            using var reader = cmd.ExecuteReader();
            var list = new List<string>();
            while (reader.Read())
            {
                list.Add(reader.GetString(0));
            }

            return list;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TransitionOutcome> TransitionAsync(HostTransition transition, CancellationToken cancellationToken = default)
    {
        return await Locked(() =>
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            var current = Read(transition.HostId, tx);
            if (current is null)
            {
                return new TransitionOutcome(TransitionStatus.NotFound, null);
            }

            using (var seen = _connection.CreateCommand())
            {
                seen.Transaction = tx;
                seen.CommandText = "SELECT 1 FROM idempotency WHERE key = $k";
                seen.Parameters.AddWithValue("$k", transition.IdempotencyKey);
                if (seen.ExecuteScalar() is not null)
                {
                    return new TransitionOutcome(TransitionStatus.AlreadyApplied, current);
                }
            }

            if (current.Version != transition.ExpectedVersion)
            {
                return new TransitionOutcome(TransitionStatus.Conflict, current);
            }

            var next = transition.Update(current) with { HostId = current.HostId, Version = current.Version + 1 };
            if (!HostStateMachine.IsLegal(current.State, next.State))
            {
                return new TransitionOutcome(TransitionStatus.Illegal, current);
            }

            using (var update = _connection.CreateCommand())
            {
                update.Transaction = tx;
                update.CommandText = "UPDATE hosts SET version = $nv, body = $b WHERE host_id = $id AND version = $ov";
                update.Parameters.AddWithValue("$nv", next.Version);
                update.Parameters.AddWithValue("$b", FleetJson.Serialize(next));
                update.Parameters.AddWithValue("$id", current.HostId);
                update.Parameters.AddWithValue("$ov", current.Version);
                if (update.ExecuteNonQuery() != 1)
                {
                    return new TransitionOutcome(TransitionStatus.Conflict, current);
                }
            }

            using (var key = _connection.CreateCommand())
            {
                key.Transaction = tx;
                key.CommandText = "INSERT INTO idempotency(key, host_id, seq) VALUES ($k, $id, $seq)";
                key.Parameters.AddWithValue("$k", transition.IdempotencyKey);
                key.Parameters.AddWithValue("$id", current.HostId);
                key.Parameters.AddWithValue("$seq", next.Version);
                key.ExecuteNonQuery();
            }

            tx.Commit();
            return new TransitionOutcome(TransitionStatus.Applied, next);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    private HostRecord? Read(string hostId, SqliteTransaction? tx)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT body FROM hosts WHERE host_id = $id";
        cmd.Parameters.AddWithValue("$id", hostId);
        return cmd.ExecuteScalar() is string body ? FleetJson.Deserialize<HostRecord>(body) : null;
    }

    private async Task<T> Locked<T>(Func<T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return action();
        }
        catch (SqliteException e)
        {
            throw new FleetStoreException($"SQLite store: {e.Message}", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
