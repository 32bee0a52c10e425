using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Armvisor.Core.Semihosting;

/// <summary>
/// The host end of semihosting (IHI0098 "Semihosting for AArch32 and AArch64"), reached by HLT #0xF000 when enabled:
/// W0 = operation, X1 = parameter (a pointer to a block of 64-bit fields for most operations), result in X0.
/// Console output goes to <see cref="ISemihostingConsole"/>; files live only inside the <see cref="SemihostingSandbox"/>
/// (without one, SYS_OPEN can open only the console, ":tt"). Nothing the guest passes throws: bad pointers, handles or
/// names return -1 with SYS_ERRNO set.
/// </summary>
public sealed class SemihostingService : IDisposable
{
    /// <summary>ADP_Stopped_ApplicationExit: SYS_EXIT's reason for a normal exit with a status (IHI0098 §6.5.2).</summary>
    private const ulong ApplicationExit = 0x20026;

    /// <summary>Longest file name or SYS_WRITE0 string accepted.</summary>
    private const int MaxString = 4096;

    /// <summary>Largest transfer of one SYS_READ/SYS_WRITE (longer requests are done in parts by the guest library).</summary>
    private const int MaxTransfer = 1 << 20;

    private const int ErrnoNoEntry = 2;
    private const int ErrnoBadHandle = 9;
    private const int ErrnoAccess = 13;
    private const int ErrnoInvalid = 22;

    /// <summary>fopen modes by SYS_OPEN mode number 0-11 (IHI0098 §6.1.1).</summary>
    private static readonly string[] Modes = ["r", "rb", "r+", "r+b", "w", "wb", "w+", "w+b", "a", "ab", "a+", "a+b"];

    private readonly ISemihostingConsole _console;
    private readonly SemihostingSandbox? _sandbox;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, FileStream?> _handles = [];
    private readonly long _startTicks = Environment.TickCount64;
    private long _nextHandle = 3;
    private int _errno;

    public SemihostingService(ISemihostingConsole console, SemihostingSandbox? sandbox, ILogger logger)
    {
        _console = console ?? throw new ArgumentNullException(nameof(console));
        _sandbox = sandbox;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Performs operation <paramref name="operation"/> with parameter <paramref name="parameter"/> (X1).</summary>
    public SemihostingResult Call(uint operation, ulong parameter, ISemihostingMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        lock (_lock)
        {
            try
            {
                return Dispatch((SemihostingOperation)operation, parameter, memory);
            }
            catch (IOException e)
            {
                _logger.LogDebug("semihosting 0x{Operation:X}: {Message}", operation, e.Message);
                return Fail(ErrnoAccess);
            }
            catch (UnauthorizedAccessException)
            {
                return Fail(ErrnoAccess);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (FileStream? stream in _handles.Values)
            {
                stream?.Dispose();
            }

            _handles.Clear();
        }
    }

    private SemihostingResult Dispatch(SemihostingOperation operation, ulong parameter, ISemihostingMemory memory)
    {
        switch (operation)
        {
            case SemihostingOperation.WriteC:
                Span<byte> c = stackalloc byte[1];
                if (memory.Read(parameter, c) == 1)
                {
                    _console.Write(c);
                }

                return new SemihostingResult(0);
            case SemihostingOperation.Write0:
                if (ReadString(memory, parameter, -1) is { } text)
                {
                    _console.Write(text);
                }

                return new SemihostingResult(0);
            case SemihostingOperation.ReadC:
                Span<byte> one = stackalloc byte[1];
                return _console.Read(one) == 1 ? new SemihostingResult(one[0]) : SemihostingResult.Failed;
            case SemihostingOperation.Open:
                return Open(memory, parameter);
            case SemihostingOperation.Close:
                return Close(memory, parameter);
            case SemihostingOperation.Write:
                return Write(memory, parameter);
            case SemihostingOperation.Read:
                return Read(memory, parameter);
            case SemihostingOperation.Seek:
                return Seek(memory, parameter);
            case SemihostingOperation.FileLength:
                return FileLength(memory, parameter);
            case SemihostingOperation.IsTty:
                return TryArgs(memory, parameter, 1, out ulong[] tty) && _handles.TryGetValue((long)tty[0], out FileStream? s)
                    ? new SemihostingResult(s is null ? 1UL : 0UL)
                    : Fail(ErrnoBadHandle);
            case SemihostingOperation.IsError:
                return TryArgs(memory, parameter, 1, out ulong[] status) ? new SemihostingResult((long)status[0] < 0 ? 1UL : 0UL) : SemihostingResult.Failed;
            case SemihostingOperation.Errno:
                return new SemihostingResult((ulong)_errno);
            case SemihostingOperation.Clock:
                return new SemihostingResult((ulong)((Environment.TickCount64 - _startTicks) / 10));
            case SemihostingOperation.Time:
                return new SemihostingResult((ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            case SemihostingOperation.Elapsed:
                return WriteWord(memory, parameter, (ulong)(Environment.TickCount64 - _startTicks) * 1000) ? new SemihostingResult(0) : SemihostingResult.Failed;
            case SemihostingOperation.TickFrequency:
                return new SemihostingResult(1_000_000);
            case SemihostingOperation.GetCommandLine:
                // {buffer, length}: an empty command line.
                return TryArgs(memory, parameter, 2, out ulong[] cmd) && cmd[1] > 0 && memory.Write(cmd[0], [0]) == 1 && WriteWord(memory, parameter + 8, 0)
                    ? new SemihostingResult(0)
                    : SemihostingResult.Failed;
            case SemihostingOperation.Exit:
            case SemihostingOperation.ExitExtended:
                // AArch64: X1 points at {reason, subcode}; a normal application exit gives the subcode, anything else 1.
                int exitStatus = TryArgs(memory, parameter, 2, out ulong[] exit) && exit[0] == ApplicationExit ? (int)exit[1] : 1;
                return new SemihostingResult(0, exitStatus);
            default:
                _logger.LogDebug("semihosting operation 0x{Operation:X} not supported", (uint)operation);
                return Fail(ErrnoInvalid);
        }
    }

    private SemihostingResult Open(ISemihostingMemory memory, ulong parameter)
    {
        // {name, mode, length of name}
        if (!TryArgs(memory, parameter, 3, out ulong[] args) || args[1] >= (ulong)Modes.Length || args[2] > MaxString
            || ReadString(memory, args[0], (int)args[2]) is not { } nameBytes)
        {
            return Fail(ErrnoInvalid);
        }

        string name = Encoding.UTF8.GetString(nameBytes);
        string mode = Modes[args[1]];
        if (name == ":tt")
        {
            return new SemihostingResult((ulong)AddHandle(null));
        }

        string? path = _sandbox?.Resolve(name);
        if (path is null)
        {
            _logger.LogInformation("semihosting: SYS_OPEN of '{Name}' refused (outside the semihosting root, or no root)", name);
            return Fail(ErrnoAccess);
        }

        (FileMode fileMode, FileAccess access) = mode[0] switch
        {
            'r' => (FileMode.Open, mode.Contains('+', StringComparison.Ordinal) ? FileAccess.ReadWrite : FileAccess.Read),
            'w' => (FileMode.Create, mode.Contains('+', StringComparison.Ordinal) ? FileAccess.ReadWrite : FileAccess.Write),
            _ => (FileMode.OpenOrCreate, mode.Contains('+', StringComparison.Ordinal) ? FileAccess.ReadWrite : FileAccess.Write),
        };
        if (fileMode == FileMode.Open && !File.Exists(path))
        {
            return Fail(ErrnoNoEntry);
        }

        var stream = new FileStream(path, fileMode, access, FileShare.ReadWrite);
        if (mode[0] == 'a')
        {
            stream.Seek(0, SeekOrigin.End);
        }

        return new SemihostingResult((ulong)AddHandle(stream));
    }

    private SemihostingResult Close(ISemihostingMemory memory, ulong parameter)
    {
        if (!TryArgs(memory, parameter, 1, out ulong[] args) || !_handles.Remove((long)args[0], out FileStream? stream))
        {
            return Fail(ErrnoBadHandle);
        }

        stream?.Dispose();
        return new SemihostingResult(0);
    }

    /// <summary>SYS_WRITE {handle, buffer, length}: returns the number of bytes NOT written.</summary>
    private SemihostingResult Write(ISemihostingMemory memory, ulong parameter)
    {
        if (!TryArgs(memory, parameter, 3, out ulong[] args) || !_handles.TryGetValue((long)args[0], out FileStream? stream))
        {
            return Fail(ErrnoBadHandle);
        }

        int length = (int)Math.Min(args[2], MaxTransfer);
        byte[] data = new byte[length];
        int got = memory.Read(args[1], data);
        if (stream is null)
        {
            _console.Write(data.AsSpan(0, got));
        }
        else if (stream.CanWrite)
        {
            stream.Write(data, 0, got);
        }
        else
        {
            return new SemihostingResult(args[2]);
        }

        return new SemihostingResult(args[2] - (ulong)got);
    }

    /// <summary>SYS_READ {handle, buffer, length}: returns the number of bytes NOT read (the whole length at end of file).</summary>
    private SemihostingResult Read(ISemihostingMemory memory, ulong parameter)
    {
        if (!TryArgs(memory, parameter, 3, out ulong[] args) || !_handles.TryGetValue((long)args[0], out FileStream? stream))
        {
            return Fail(ErrnoBadHandle);
        }

        int length = (int)Math.Min(args[2], MaxTransfer);
        byte[] data = new byte[length];
        int got = stream is null ? _console.Read(data) : stream.CanRead ? stream.Read(data, 0, length) : 0;
        int stored = memory.Write(args[1], data.AsSpan(0, got));
        return new SemihostingResult(args[2] - (ulong)stored);
    }

    private SemihostingResult Seek(ISemihostingMemory memory, ulong parameter)
    {
        if (!TryArgs(memory, parameter, 2, out ulong[] args) || !_handles.TryGetValue((long)args[0], out FileStream? stream) || stream is null)
        {
            return Fail(ErrnoBadHandle);
        }

        if ((long)args[1] < 0)
        {
            return Fail(ErrnoInvalid);
        }

        stream.Seek((long)args[1], SeekOrigin.Begin);
        return new SemihostingResult(0);
    }

    private SemihostingResult FileLength(ISemihostingMemory memory, ulong parameter) =>
        TryArgs(memory, parameter, 1, out ulong[] args) && _handles.TryGetValue((long)args[0], out FileStream? stream) && stream is not null
            ? new SemihostingResult((ulong)stream.Length)
            : Fail(ErrnoBadHandle);

    private long AddHandle(FileStream? stream)
    {
        long handle = _nextHandle++;
        _handles[handle] = stream;
        return handle;
    }

    private SemihostingResult Fail(int errno)
    {
        _errno = errno;
        return SemihostingResult.Failed;
    }

    /// <summary>The parameter block: <paramref name="count"/> 64-bit fields at <paramref name="address"/>.</summary>
    private static bool TryArgs(ISemihostingMemory memory, ulong address, int count, out ulong[] args)
    {
        args = new ulong[count];
        Span<byte> raw = stackalloc byte[count * 8];
        if (memory.Read(address, raw) != raw.Length)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            args[i] = BinaryPrimitives.ReadUInt64LittleEndian(raw[(i * 8)..]);
        }

        return true;
    }

    private static bool WriteWord(ISemihostingMemory memory, ulong address, ulong value)
    {
        Span<byte> raw = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(raw, value);
        return memory.Write(address, raw) == 8;
    }

    /// <summary>A string of <paramref name="length"/> bytes, or NUL-terminated when -1 (at most <see cref="MaxString"/>); null if unreadable.</summary>
    private static byte[]? ReadString(ISemihostingMemory memory, ulong address, int length)
    {
        if (length >= 0)
        {
            byte[] exact = new byte[length];
            return memory.Read(address, exact) == length ? exact : null;
        }

        var bytes = new List<byte>();
        Span<byte> chunk = stackalloc byte[64];
        while (bytes.Count < MaxString)
        {
            int got = memory.Read(address + (ulong)bytes.Count, chunk);
            if (got == 0)
            {
                break;
            }

            int nul = chunk[..got].IndexOf((byte)0);
            if (nul >= 0)
            {
                bytes.AddRange(chunk[..nul]);
                return [.. bytes];
            }

            bytes.AddRange(chunk[..got]);
        }

        return [.. bytes];
    }
}
