using System.Runtime.InteropServices;

namespace Armvisor.Engine.Native;

/// <summary>The libc calls the code cache needs (memfd_create(2), mmap(2)).</summary>
internal static unsafe partial class LinuxMemory
{
    public const uint MfdCloexec = 1;
    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int ProtExec = 4;
    public const int MapShared = 1;

    public static readonly void* MapFailed = (void*)-1;

    [LibraryImport("libc", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int memfd_create(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "ftruncate")]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "mmap")]
    public static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    public static partial int munmap(void* address, nuint length);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int close(int fd);
}
