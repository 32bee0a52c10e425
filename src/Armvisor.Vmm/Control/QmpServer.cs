using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm.Control;

/// <summary>
/// The control API (issue 20): a QMP-compatible server on a Unix socket (<c>--qmp unix:PATH,server[,wait=off]</c>; the
/// same protocol serves <c>--api unix:PATH</c>). It speaks to whichever <see cref="Machine"/> is current — a guest reset
/// or a loaded snapshot replaces the machine and the clients stay connected — and forwards the machine's events to
/// every negotiated client. Commands run one at a time, whichever client sent them.
/// </summary>
public sealed partial class QmpServer : IDisposable
{
    private readonly Socket _listener;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _sessionsLock = new();
    private readonly List<QmpSession> _sessions = [];
    private readonly Lock _commandLock = new();
    private readonly ManualResetEventSlim _firstClient = new(false);
    private readonly ManualResetEventSlim _machineAttached = new(false);
    private readonly Dictionary<string, QmpCommand> _commands;
    private Machine? _machine;
    private string? _pendingRestore;
    private bool _quit;

    private QmpServer(string path, Socket listener, ILogger logger)
    {
        SocketPath = path;
        _listener = listener;
        _logger = logger;
        _commands = DefineCommands().ToDictionary(c => c.Name);
    }

    /// <summary>The socket's path.</summary>
    public string SocketPath { get; }

    /// <summary>A client asked to quit: the run ends without a reboot.</summary>
    public bool QuitRequested => Volatile.Read(ref _quit);

    /// <summary>Listens on <paramref name="path"/> (a stale socket file there is replaced).</summary>
    /// <exception cref="MachineConfigurationException">The socket cannot be created.</exception>
    public static QmpServer Start(string path, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(logger);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(4);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            listener.Dispose();
            throw new MachineConfigurationException($"cannot listen on the control socket {path}: {e.Message}", e);
        }

        var server = new QmpServer(path, listener, logger);
        _ = Task.Run(server.AcceptLoopAsync);
        logger.LogInformation("QMP control socket listening on {Path}", path);
        return server;
    }

    /// <summary>Blocks until a client connects (QEMU's <c>server,wait=on</c>: the VM starts once a client is there).</summary>
    public void WaitForClient(CancellationToken cancellationToken) => _firstClient.Wait(cancellationToken);

    /// <summary>Makes <paramref name="machine"/> the one the commands act on and whose events clients receive.</summary>
    public void Attach(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        lock (_commandLock)
        {
            if (QuitRequested)
            {
                machine.Stop(GuestOutcome.PoweredOff, "quit"); // quit came while the previous machine was being replaced
                return;
            }

            _machine = machine;
            machine.EventRaised += Broadcast;
            _machineAttached.Set();
        }
    }

    /// <summary>The machine's run is over; commands wait for the next one.</summary>
    public void Detach(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        lock (_commandLock)
        {
            machine.EventRaised -= Broadcast;
            if (_machine == machine)
            {
                _machine = null;
                _machineAttached.Reset();
            }
        }
    }

    /// <summary>The snapshot a client asked to load (armvisor-snapshot-load), taken once.</summary>
    public string? TakePendingRestore() => Interlocked.Exchange(ref _pendingRestore, null);

    internal JsonObject Greeting()
    {
        (int major, int minor, int micro) = VersionNumbers();
        return new JsonObject
        {
            ["QMP"] = new JsonObject
            {
                ["version"] = VersionObject(major, minor, micro),
                ["capabilities"] = new JsonArray("oob"),
            },
        };
    }

    /// <summary>Runs one command (after negotiation), serialised with every other client's.</summary>
    internal JsonNode Execute(string name, JsonElement arguments)
    {
        if (!_commands.TryGetValue(name, out QmpCommand? command))
        {
            throw new QmpError(QmpError.CommandNotFound, $"The command {name} has not been found");
        }

        QmpSession.CheckArguments(arguments, command.Required, command.Optional);
        if (name is not ("quit" or "query-version" or "query-commands"))
        {
            // A client may connect while the machine is still being built (or rebuilt after a reset): wait for it.
            _machineAttached.Wait(MachineWait);
        }

        lock (_commandLock)
        {
            try
            {
                return command.Handler(arguments.ValueKind == JsonValueKind.Object ? arguments : EmptyArguments);
            }
            catch (InvalidOperationException e)
            {
                throw new QmpError(e.Message);
            }
        }
    }

    internal void Remove(QmpSession session)
    {
        lock (_sessionsLock)
        {
            _sessions.Remove(session);
        }
    }

    private static readonly TimeSpan MachineWait = TimeSpan.FromSeconds(30);

    private static readonly JsonElement EmptyArguments = JsonDocument.Parse("{}").RootElement.Clone();

    private void Broadcast(MachineEvent e)
    {
        var message = new JsonObject
        {
            ["timestamp"] = new JsonObject
            {
                ["seconds"] = e.Time.ToUnixTimeSeconds(),
                ["microseconds"] = e.Time.UtcTicks % TimeSpan.TicksPerSecond / 10,
            },
            ["event"] = e.Name,
        };
        if (e.Name is "SHUTDOWN" or "RESET")
        {
            message["data"] = new JsonObject { ["guest"] = e.Guest ?? false, ["reason"] = e.Reason ?? "host-error" };
        }
        else if (e.Name == "WATCHDOG")
        {
            message["data"] = new JsonObject { ["action"] = e.Reason ?? "none" };
        }

        QmpSession[] sessions;
        lock (_sessionsLock)
        {
            sessions = [.. _sessions];
        }

        foreach (QmpSession session in sessions)
        {
            session.SendEvent((JsonObject)message.DeepClone());
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_shutdown.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_shutdown.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            var session = new QmpSession(client, this, _logger);
            lock (_sessionsLock)
            {
                _sessions.Add(session);
            }

            _firstClient.Set();
            _ = Task.Run(() => session.RunAsync(_shutdown.Token));
        }
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        _listener.Dispose();
        QmpSession[] sessions;
        lock (_sessionsLock)
        {
            sessions = [.. _sessions];
        }

        foreach (QmpSession session in sessions)
        {
            session.Dispose();
        }

        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException e)
        {
            _logger.LogDebug("Could not remove {Path}: {Message}", SocketPath, e.Message);
        }

        _firstClient.Dispose();
        _machineAttached.Dispose();
        _shutdown.Dispose();
    }
}
