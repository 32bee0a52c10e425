using System.Runtime.InteropServices;
using System.Text;
using Armvisor.Devices.Virtio.Net;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm.Network;

/// <summary>
/// A host TAP device, as Firecracker attaches one: /dev/net/tun opened with TUNSETIFF, IFF_TAP | IFF_NO_PI
/// (Linux Documentation/networking/tuntap.rst), so every read or write is exactly one Ethernet frame. The device is
/// created if it does not exist (needs CAP_NET_ADMIN) or attached to if it does (a persistent TAP owned by the user).
/// </summary>
public sealed class TapBackend : INetworkBackend
{
    private const int OpenReadWrite = 2;
    private const int OpenCloseOnExec = 0x80000;
    private const short IffTap = 0x0002;
    private const short IffNoPi = 0x1000;

    // TUNSETIFF = _IOW('T', 202, int) (include/uapi/linux/if_tun.h).
    private const uint TunSetInterface = 0x4004_54CA;
    private const short PollIn = 1;
    private const int InterfaceRequestSize = 40;   // struct ifreq on LP64
    private const int Interrupted = 4;             // EINTR

    private readonly ILogger _logger;
    private readonly int _fd;
    private volatile bool _disposed;
    private int _failureReported;
    private Thread? _reader;

    /// <exception cref="MachineConfigurationException">/dev/net/tun cannot be opened or the device not attached.</exception>
    public TapBackend(string interfaceName, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        Name = interfaceName;
        _fd = Open("/dev/net/tun\0"u8.ToArray(), OpenReadWrite | OpenCloseOnExec);
        if (_fd < 0)
        {
            throw new MachineConfigurationException($"--netdev tap: cannot open /dev/net/tun: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        var request = new byte[InterfaceRequestSize];
        int nameLength = Encoding.ASCII.GetBytes(interfaceName, request);
        if (nameLength >= 16)
        {
            Close(_fd);
            throw new MachineConfigurationException($"--netdev tap: interface name '{interfaceName}' is longer than 15 characters");
        }

        BitConverter.TryWriteBytes(request.AsSpan(16), (short)(IffTap | IffNoPi));
        if (IoctlInterfaceRequest(_fd, TunSetInterface, request) < 0)
        {
            string error = Marshal.GetLastPInvokeErrorMessage();
            Close(_fd);
            throw new MachineConfigurationException($"--netdev tap: cannot attach TAP device {interfaceName}: {error}");
        }
    }

    public string Name { get; }

    public void Start(Func<byte[], bool> deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        _reader = new Thread(() => ReceiveLoop(deliver)) { IsBackground = true, Name = $"tap {Name} receive" };
        _reader.Start();
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        if (_disposed)
        {
            return;
        }

        // One write is one frame; a TAP whose link is down answers EIO, which drops the frame as a cable would.
        if (Write(_fd, frame.ToArray(), (nint)frame.Length) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != 5)
            {
                ReportFailure($"write: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _reader?.Join(TimeSpan.FromSeconds(1));
        Close(_fd);
    }

    private void ReceiveLoop(Func<byte[], bool> deliver)
    {
        var buffer = new byte[VirtioNet.MaxFrameLength];
        var poll = new PollDescriptor { Fd = _fd, Events = PollIn };
        while (!_disposed)
        {
            // poll with a timeout, so that Dispose is noticed without closing the descriptor under a blocked read.
            int ready = Poll(ref poll, 1, 200);
            if (ready <= 0)
            {
                if (ready < 0 && Marshal.GetLastPInvokeError() != Interrupted)
                {
                    ReportFailure($"poll: {Marshal.GetLastPInvokeErrorMessage()}");
                    return;
                }

                continue;
            }

            nint read = Read(_fd, buffer, buffer.Length);
            if (read <= 0)
            {
                if (read < 0 && Marshal.GetLastPInvokeError() is Interrupted or 11)
                {
                    continue;
                }

                ReportFailure(read == 0 ? "end of file" : $"read: {Marshal.GetLastPInvokeErrorMessage()}");
                return;
            }

            if (!deliver(buffer.AsSpan(0, (int)read).ToArray()))
            {
                return;
            }
        }
    }

    private void ReportFailure(string message)
    {
        if (!_disposed && Interlocked.Exchange(ref _failureReported, 1) == 0)
        {
            _logger.LogError("--netdev tap,ifname={Name}: {Message}", Name, message);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] nulTerminatedPath, int flags);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int IoctlInterfaceRequest(int fd, nuint request, [In, Out] byte[] interfaceRequest);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Read(int fd, [Out] byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Write(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Poll(ref PollDescriptor descriptors, nuint count, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
