using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Armvisor.Integration.Tests.Control;

/// <summary>
/// A minimal QMP client (QMP spec: one JSON object per message; replies carry "return" or "error", events "event"):
/// connects to a Unix socket (retrying while the server starts), reads the greeting, and executes commands, collecting
/// the events that arrive before each reply.
/// </summary>
internal sealed class QmpTestClient : IDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;

    private QmpTestClient(Socket socket)
    {
        _socket = socket;
        _reader = new StreamReader(new NetworkStream(socket, ownsSocket: false), Encoding.UTF8);
        Greeting = ReadMessage();
    }

    public JsonObject Greeting { get; }

    public static QmpTestClient Connect(string path, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 60_000 };
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                return new QmpTestClient(socket);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Sends <paramref name="json"/> as it is; returns the reply and the events received before it.</summary>
    public (JsonObject Reply, List<JsonObject> Events) SendRaw(string json)
    {
        _socket.Send(Encoding.UTF8.GetBytes(json + "\n"));
        var events = new List<JsonObject>();
        while (true)
        {
            JsonObject message = ReadMessage();
            if (message.ContainsKey("event"))
            {
                events.Add(message);
                continue;
            }

            return (message, events);
        }
    }

    public (JsonObject Reply, List<JsonObject> Events) Execute(string command, JsonObject? arguments = null)
    {
        var message = new JsonObject { ["execute"] = command };
        if (arguments is not null)
        {
            message["arguments"] = arguments;
        }

        return SendRaw(message.ToJsonString());
    }

    /// <summary>Waits for the next event named <paramref name="name"/>.</summary>
    public JsonObject WaitForEvent(string name)
    {
        while (true)
        {
            JsonObject message = ReadMessage();
            if ((string?)message["event"] == name)
            {
                return message;
            }
        }
    }

    private JsonObject ReadMessage()
    {
        string line = _reader.ReadLine() ?? throw new IOException("the QMP server closed the connection");
        return JsonNode.Parse(line)?.AsObject() ?? throw new IOException($"not a JSON object: {line}");
    }

    public void Dispose()
    {
        _reader.Dispose();
        _socket.Dispose();
    }
}
