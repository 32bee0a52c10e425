using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Armvisor.Devices.Virtio.Net;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm.Network;

/// <summary>
/// User-mode networking through Debian's passt, started and supervised by Armvisor: passt runs in the foreground as a
/// child, bound to a UNIX stream socket in a private directory, and exchanges frames over it in QEMU's stream netdev
/// format, each frame preceded by its length as a 4-byte big-endian integer (passt(1), "qemu" socket interface).
/// passt gets <c>--one-off</c>, so it quits once the socket closes, also when Armvisor dies without disposing it.
/// A passt that dies is reported in one log line; the guest then sees a silent link.
/// </summary>
public sealed class PasstBackend : INetworkBackend
{
    public const string Executable = "passt";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger;
    private readonly Process _process;
    private readonly Socket _socket;
    private readonly string _directory;
    private readonly Lock _stderrLock = new();
    private readonly Queue<string> _stderrTail = new();
    private readonly byte[] _sendBuffer = new byte[4 + VirtioNet.MaxFrameLength];
    private volatile bool _disposed;
    private int _failureReported;
    private Thread? _reader;

    /// <exception cref="MachineConfigurationException">passt is missing or did not start.</exception>
    public PasstBackend(NetworkConfiguration configuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _directory = Directory.CreateTempSubdirectory("armvisor-passt-").FullName;
        string socketPath = Path.Combine(_directory, "passt.socket");
        _process = new Process { StartInfo = StartInfo(configuration, socketPath), EnableRaisingEvents = true };
        _process.ErrorDataReceived += (_, e) => KeepStderr(e.Data);
        _process.OutputDataReceived += (_, e) => KeepStderr(e.Data);
        try
        {
            _process.Start();
        }
        catch (Win32Exception e)
        {
            Directory.Delete(_directory, recursive: true);
            throw new MachineConfigurationException($"--netdev user needs {PasstPackage.Executable} (Debian package passt): {e.Message}", e);
        }

        if (PasstPackage.KnownDefect(Environment.GetEnvironmentVariable(PasstPackage.ExecutableVariable), PasstPackage.InstalledVersion()) is { } defect)
        {
            _logger.LogInformation("--netdev user: {Defect}", defect);
        }

        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        _socket = Connect(socketPath);
        _process.Exited += (_, _) => ReportFailure($"passt exited with status {ExitCode()}{LastStderr()}");
    }

    /// <summary>passt's process id (tests check that it is supervised).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The passt command line for <paramref name="configuration"/>.</summary>
    public static ProcessStartInfo StartInfo(NetworkConfiguration configuration, string socketPath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var start = new ProcessStartInfo(PasstPackage.Executable)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        };
        // --runas: passt started as root would switch to nobody, which cannot bind in our private directory.
        foreach (string argument in (string[])
                 ["--foreground", "--quiet", "--one-off", "--socket", socketPath,
                  "--runas", Environment.IsPrivilegedProcess ? "0" : CurrentUserId(),
                  "--address", UserNetwork.GuestAddress.ToString(), "--netmask", UserNetwork.PrefixLength.ToString(CultureInfo.InvariantCulture),
                  "--gateway", UserNetwork.Gateway.ToString(), "--dns-forward", UserNetwork.Dns.ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        if (!configuration.HostLoopback)
        {
            // Without it passt maps connections to the gateway onto the host's loopback (passt(1) --no-map-gw).
            start.ArgumentList.Add("--no-map-gw");
        }

        foreach (bool udp in new[] { false, true })
        {
            string[] specifications = configuration.HostForwards.Where(f => f.Udp == udp).Select(f => f.PasstSpecification).ToArray();
            start.ArgumentList.Add(udp ? "--udp-ports" : "--tcp-ports");
            start.ArgumentList.Add(specifications.Length == 0 ? "none" : string.Join(',', specifications));
        }

        return start;
    }

    public void Start(Func<byte[], bool> deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        _reader = new Thread(() => ReceiveLoop(deliver)) { IsBackground = true, Name = "passt receive" };
        _reader.Start();
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        if (_disposed || _failureReported != 0)
        {
            return;
        }

        BinaryPrimitives.WriteUInt32BigEndian(_sendBuffer, (uint)frame.Length);
        frame.CopyTo(_sendBuffer.AsSpan(4));
        try
        {
            // A stream socket may take part of a buffer: the rest must follow, or the length prefixes fall out of step.
            int total = 4 + frame.Length;
            for (int sent = 0; sent < total;)
            {
                sent += _socket.Send(_sendBuffer.AsSpan(sent, total - sent));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            ReportFailure($"passt socket: {e.Message}");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _socket.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A stale socket file in a temporary directory is harmless.
        }
    }

    private static string CurrentUserId()
    {
        // The effective uid; /proc/self/status "Uid:\treal\teffective...".
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return line?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2] ?? "0";
    }

    private Socket Connect(string socketPath)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                string message = $"passt exited with status {ExitCode()} before it listened{LastStderr()}";
                Directory.Delete(_directory, recursive: true);
                throw new MachineConfigurationException(message);
            }

            if (File.Exists(socketPath))
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    socket.Connect(new UnixDomainSocketEndPoint(socketPath));
                    return socket;
                }
                catch (SocketException)
                {
                    socket.Dispose();   // bound but not yet listening
                }
            }

            if (clock.Elapsed > s_startTimeout)
            {
                _process.Kill();
                throw new MachineConfigurationException($"passt did not listen on {socketPath} within {s_startTimeout.TotalSeconds} s{LastStderr()}");
            }

            Thread.Sleep(20);
        }
    }

    private void ReceiveLoop(Func<byte[], bool> deliver)
    {
        var prefix = new byte[4];
        try
        {
            while (!_disposed)
            {
                if (!ReadExactly(prefix))
                {
                    ReportFailure("passt closed its socket");
                    return;
                }

                uint length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
                if (length is 0 or > VirtioNet.MaxFrameLength)
                {
                    ReportFailure($"passt sent a frame length of {length}: stream out of step");
                    return;
                }

                var frame = new byte[length];
                if (!ReadExactly(frame) || !deliver(frame))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            ReportFailure($"passt socket: {e.Message}");
        }
    }

    private bool ReadExactly(byte[] buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int read = _socket.Receive(buffer, done, buffer.Length - done, SocketFlags.None);
            if (read == 0)
            {
                return false;
            }

            done += read;
        }

        return true;
    }

    private void ReportFailure(string message)
    {
        if (_disposed || Interlocked.Exchange(ref _failureReported, 1) != 0)
        {
            return;
        }

        _logger.LogError("--netdev user: {Message}; the guest's network is down", message);
    }

    private void KeepStderr(string? line)
    {
        if (string.IsNullOrWhiteSpace(line) || line.StartsWith("Failed to send", StringComparison.Ordinal))
        {
            return;   // passt's complaint that there is no syslog
        }

        lock (_stderrLock)
        {
            _stderrTail.Enqueue(line);
            if (_stderrTail.Count > 3)
            {
                _stderrTail.Dequeue();
            }
        }
    }

    private string LastStderr()
    {
        lock (_stderrLock)
        {
            return _stderrTail.Count == 0 ? "" : ": " + string.Join(" / ", _stderrTail);
        }
    }

    private string ExitCode()
    {
        try
        {
            return _process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
