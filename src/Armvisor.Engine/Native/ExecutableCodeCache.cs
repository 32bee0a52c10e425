using System.Runtime.InteropServices;

namespace Armvisor.Engine.Native;

/// <summary>
/// Executable memory for translated blocks, kept W^X by double mapping: one memfd is mapped twice, read-write for the
/// translator and read-execute for running, so no page is ever writable and executable in the same mapping (what
/// .NET's own JIT does with its "doublemapper"). Allocation is a bump pointer; when full, the owner flushes every
/// translation and starts again (QEMU's tb_flush). Owned by one vCPU thread: translating, patching and running never
/// overlap.
/// </summary>
internal sealed unsafe class ExecutableCodeCache : IDisposable
{
    private readonly int _fd;
    private byte* _writable;
    private byte* _executable;

    private ExecutableCodeCache(int fd, byte* writable, byte* executable, nuint size)
    {
        _fd = fd;
        _writable = writable;
        _executable = executable;
        Size = size;
    }

    public nuint Size { get; }

    /// <summary>Bytes in use.</summary>
    public nuint Used { get; private set; }

    /// <summary>Where the next allocation will be executed from.</summary>
    public ulong NextAddress => (ulong)(_executable + Used);

    public nuint Free => Size - Used;

    /// <summary>Maps a cache of <paramref name="size"/> bytes; null when the host refuses (no memfd, no mapping).</summary>
    public static ExecutableCodeCache? TryCreate(nuint size)
    {
        int fd = LinuxMemory.memfd_create("armvisor-native-code", LinuxMemory.MfdCloexec);
        if (fd < 0)
        {
            return null;
        }

        if (LinuxMemory.ftruncate(fd, (long)size) != 0)
        {
            _ = LinuxMemory.close(fd);
            return null;
        }

        void* rw = LinuxMemory.mmap(null, size, LinuxMemory.ProtRead | LinuxMemory.ProtWrite, LinuxMemory.MapShared, fd, 0);
        void* rx = LinuxMemory.mmap(null, size, LinuxMemory.ProtRead | LinuxMemory.ProtExec, LinuxMemory.MapShared, fd, 0);
        if (rw == LinuxMemory.MapFailed || rx == LinuxMemory.MapFailed)
        {
            if (rw != LinuxMemory.MapFailed)
            {
                _ = LinuxMemory.munmap(rw, size);
            }

            if (rx != LinuxMemory.MapFailed)
            {
                _ = LinuxMemory.munmap(rx, size);
            }

            _ = LinuxMemory.close(fd);
            return null;
        }

        return new ExecutableCodeCache(fd, (byte*)rw, (byte*)rx, size);
    }

    /// <summary>Copies <paramref name="code"/> (assembled for <see cref="NextAddress"/>) in; returns its executable address.</summary>
    public ulong Commit(ReadOnlySpan<byte> code)
    {
        if ((nuint)code.Length > Free)
        {
            throw new InvalidOperationException("code cache overflow");
        }

        ulong address = NextAddress;
        // SAFETY: Used + code.Length <= Size (checked above), inside the writable view.
        code.CopyTo(new Span<byte>(_writable + Used, code.Length));
        Used += (nuint)code.Length;
        return address;
    }

    /// <summary>Writes a 32-bit value into committed code at executable address <paramref name="address"/> (jump patching).</summary>
    public void Patch32(ulong address, int value)
    {
        ulong offset = address - (ulong)_executable;
        if (offset + 4 > Used)
        {
            throw new ArgumentOutOfRangeException(nameof(address));
        }

        // SAFETY: offset + 4 <= Used: inside committed code, written through the writable view.
        *(int*)(_writable + offset) = value;
    }

    /// <summary>Forgets every allocation (the owner has dropped every pointer into the cache).</summary>
    public void Reset() => Used = 0;

    public void Dispose()
    {
        if (_writable != null)
        {
            // SAFETY: both views were mapped with Size bytes in TryCreate and are unmapped once.
            _ = LinuxMemory.munmap(_writable, Size);
            _ = LinuxMemory.munmap(_executable, Size);
            _ = LinuxMemory.close(_fd);
            _writable = null;
            _executable = null;
        }
    }
}
