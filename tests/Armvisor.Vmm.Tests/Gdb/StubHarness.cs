using System.Net.Sockets;
using System.Text;
using Armvisor.Vmm.Gdb;
using Microsoft.Extensions.Logging.Abstractions;

namespace Armvisor.Vmm.Tests.Gdb;

/// <summary>
/// A real 2-vCPU machine waiting for gdb (--wait-for-gdb) with raw code at 0x40000000, its stub on an ephemeral
/// loopback port, and a minimal RSP client (GDB manual E.1 framing) connected to it.
/// </summary>
internal sealed class StubHarness : IDisposable
{
    public const ulong CodeBase = 0x4000_0000;

    private readonly string _directory;
    private readonly Task<GuestOutcome> _run;
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    public StubHarness(params uint[] code)
    {
        _directory = Directory.CreateTempSubdirectory("armvisor-gdb-").FullName;
        string blob = Path.Combine(_directory, "code.bin");
        File.WriteAllBytes(blob, code.SelectMany(BitConverter.GetBytes).ToArray());
        Machine = Machine.Create(new MachineConfiguration
        {
            Loaders = [new LoaderConfiguration(blob, CodeBase)],
            Cpus = 2,
            MemoryBytes = 64UL << 20,
            Serial = new SerialConfiguration(SerialBackendKind.None),
            GdbEndpoint = "tcp:127.0.0.1:0",
            WaitForGdb = true,
            Timeout = TimeSpan.FromMinutes(2),
        }, MachineRunner.DefaultEngine);
        Server = new GdbServer(GdbEndpoint.Parse("tcp:127.0.0.1:0"), NullLogger.Instance);
        Server.Attach(Machine.DebugController);
        _run = Task.Run(() => Machine.Run());
        _client = new TcpClient();
        _client.Connect(Server.LocalEndpoint);
        _stream = _client.GetStream();
        _stream.ReadTimeout = 30_000;
    }

    public Machine Machine { get; }

    public GdbServer Server { get; }

    public Task<GuestOutcome> Run => _run;

    /// <summary>Sends a packet and returns the reply's payload.</summary>
    public string Request(string payload)
    {
        Send(payload);
        return ReadPacket();
    }

    public void Send(string payload) => _stream.Write(Frame(payload));

    public void SendRaw(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    /// <summary>The next packet's payload (acknowledgements skipped; the checksum is checked).</summary>
    public string ReadPacket()
    {
        int b;
        while ((b = _stream.ReadByte()) != '$')
        {
            if (b == -1)
            {
                throw new IOException("the stub closed the connection");
            }
        }

        var payload = new StringBuilder();
        while ((b = _stream.ReadByte()) != '#')
        {
            payload.Append((char)b);
        }

        string sum = $"{(char)_stream.ReadByte()}{(char)_stream.ReadByte()}";
        Assert.Equal(Encoding.Latin1.GetBytes(payload.ToString()).Sum(x => x) & 0xFF, Convert.ToInt32(sum, 16));
        _stream.WriteByte((byte)'+');
        return payload.ToString();
    }

    public void Dispose()
    {
        _client.Dispose();
        Machine.Stop(GuestOutcome.UserQuit, "test over");
        _run.Wait(TimeSpan.FromSeconds(30));
        Server.Dispose();
        Machine.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static byte[] Frame(string payload) =>
        Encoding.Latin1.GetBytes($"${payload}#{Encoding.Latin1.GetBytes(payload).Sum(x => x) & 0xFF:x2}");
}
