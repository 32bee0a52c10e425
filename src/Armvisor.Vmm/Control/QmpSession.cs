using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm.Control;

/// <summary>
/// One QMP client connection (QMP specification, docs/interop/qmp-spec.rst): the greeting, capabilities negotiation,
/// then commands answered in order with their "id" echoed, and asynchronous events once negotiation is complete.
/// </summary>
internal sealed class QmpSession : IDisposable
{
    private readonly Socket _socket;
    private readonly QmpServer _server;
    private readonly ILogger _logger;
    private readonly Lock _writeLock = new();
    private volatile bool _negotiated;
    private volatile bool _closed;
    private bool _oob;

    public QmpSession(Socket socket, QmpServer server, ILogger logger)
    {
        _socket = socket;
        _server = server;
        _logger = logger;
    }

    /// <summary>Events go only to sessions past qmp_capabilities (QMP spec §4: "capabilities negotiation mode").</summary>
    public bool ReceivesEvents => _negotiated && !_closed;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            Send(_server.Greeting());
            var framer = new QmpMessageFramer();
            byte[] buffer = new byte[8192];
            while (!_closed && !cancellationToken.IsCancellationRequested)
            {
                int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                foreach (byte[] message in framer.Feed(buffer.AsSpan(0, read)))
                {
                    JsonObject reply = Handle(message, out bool close);
                    Send(reply);
                    if (close)
                    {
                        _closed = true;
                        break;
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _logger.LogDebug("QMP client gone: {Message}", e.Message);
        }
        finally
        {
            Dispose();
        }
    }

    public void SendEvent(JsonObject e)
    {
        if (ReceivesEvents)
        {
            Send(e);
        }
    }

    private JsonObject Handle(byte[] message, out bool close)
    {
        close = false;
        JsonNode? id = null;
        try
        {
            using JsonDocument document = ParseMessage(message);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new QmpError("QMP input must be a JSON object");
            }

            string? command = null;
            JsonElement arguments = default;
            foreach (JsonProperty property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "execute":
                        command = property.Value.ValueKind == JsonValueKind.String
                            ? property.Value.GetString()
                            : throw new QmpError("QMP input member 'execute' must be a string");
                        break;
                    case "arguments":
                        arguments = property.Value.ValueKind == JsonValueKind.Object
                            ? property.Value.Clone()
                            : throw new QmpError("QMP input member 'arguments' must be an object");
                        break;
                    case "id":
                        id = JsonNode.Parse(property.Value.GetRawText());
                        break;
                    case "exec-oob":
                        // QMP spec §2.3.1: out-of-band execution only for commands that allow it; none of these does.
                        throw _oob
                            ? new QmpError($"The command {property.Value.GetString()} does not support OOB")
                            : new QmpError("QMP input member 'exec-oob' is unexpected");
                    default:
                        throw new QmpError($"QMP input member '{property.Name}' is unexpected");
                }
            }

            if (command is null)
            {
                throw new QmpError("QMP input lacks member 'execute'");
            }

            if (!_negotiated && command != "qmp_capabilities")
            {
                throw new QmpError(QmpError.CommandNotFound, "Expecting capabilities negotiation with 'qmp_capabilities'");
            }

            JsonNode result;
            if (command == "qmp_capabilities")
            {
                if (_negotiated)
                {
                    throw new QmpError(QmpError.CommandNotFound, "Capabilities negotiation is already complete, command ignored");
                }

                CheckArguments(arguments, [], ["enable"]);
                if (arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty("enable", out JsonElement enable))
                {
                    foreach (JsonElement capability in enable.EnumerateArray())
                    {
                        if (capability.GetString() != "oob")
                        {
                            throw new QmpError($"Parameter 'enable' does not accept value '{capability.GetString()}'");
                        }

                        _oob = true;
                    }
                }

                _negotiated = true;
                result = new JsonObject();
            }
            else
            {
                result = _server.Execute(command, arguments);
                close = command == "quit";
            }

            var reply = new JsonObject { ["return"] = result };
            if (id is not null)
            {
                reply["id"] = id;
            }

            return reply;
        }
        catch (QmpError e)
        {
            var reply = new JsonObject { ["error"] = new JsonObject { ["class"] = e.ErrorClass, ["desc"] = e.Message } };
            if (id is not null)
            {
                reply["id"] = id;
            }

            return reply;
        }
    }

    private static JsonDocument ParseMessage(byte[] message)
    {
        try
        {
            return JsonDocument.Parse(message);
        }
        catch (JsonException e)
        {
            throw new QmpError($"JSON parse error, {e.Message}");
        }
    }

    /// <summary>Rejects missing and unexpected arguments the way QEMU's QAPI visitor words it.</summary>
    internal static void CheckArguments(JsonElement arguments, string[] required, string[] optional)
    {
        if (arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in arguments.EnumerateObject())
            {
                if (!required.Contains(property.Name) && !optional.Contains(property.Name))
                {
                    throw new QmpError($"Parameter '{property.Name}' is unexpected");
                }
            }
        }

        foreach (string name in required)
        {
            if (arguments.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty(name, out _))
            {
                throw new QmpError($"Parameter '{name}' is missing");
            }
        }
    }

    /// <summary>QEMU writes apostrophes and non-ASCII text as they are; so does this (still valid JSON).</summary>
    private static readonly JsonSerializerOptions s_wire = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private void Send(JsonObject message)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString(s_wire) + "\r\n");
        lock (_writeLock)
        {
            if (_closed && !message.ContainsKey("return"))
            {
                return;
            }

            try
            {
                _socket.Send(bytes);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                _closed = true;
            }
        }
    }

    public void Dispose()
    {
        _closed = true;
        _server.Remove(this);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _logger.LogTrace("QMP socket shutdown: {Message}", e.Message);
        }

        _socket.Dispose();
    }
}
