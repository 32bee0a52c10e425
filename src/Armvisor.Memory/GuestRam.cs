using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Armvisor.Memory;

/// <summary>
/// One contiguous block of guest RAM in native host memory, so that the engine's fast path is
/// <c>host = base + (ipa - start)</c>. Guests are little-endian; so is every supported host.
/// </summary>
public sealed unsafe partial class GuestRam : IDisposable
{
    private const int PageSize = 4096;

    private byte* _allocation;
    private byte* _base;

    /// <summary>Allocates <paramref name="size"/> bytes of zeroed RAM at <paramref name="start"/>.</summary>
    public GuestRam(GuestPhysicalAddress start, ulong size)
    {
        if (size == 0 || (size & 0xFFF) != 0 || (start.Value & 0xFFF) != 0)
        {
            throw new GuestMemoryException($"RAM at {start} of 0x{size:X} bytes is not page-aligned and non-empty");
        }

        Range = new AddressRange(start, size);
        // Zeroed by the allocator, not by a memset: a block this large comes straight from the host's page allocator
        // (glibc: mmap, which calloc knows is zero), so pages cost host memory only once the guest touches them, as with
        // QEMU's anonymous mappings. Clearing it here instead touched every page: the whole guest RAM resident at start
        // and about a second of page faults for 512 MiB.
        // SAFETY: AllocZeroed returns size + PageSize zeroed bytes or throws; _base is the first page boundary inside
        // it, so [_base, _base + size) lies in the block, which is freed once, in Dispose.
        _allocation = (byte*)NativeMemory.AllocZeroed((nuint)(size + PageSize));
        _base = (byte*)(((nuint)_allocation + PageSize - 1) & ~(nuint)(PageSize - 1));
    }

    /// <summary>The guest physical range this RAM occupies.</summary>
    public AddressRange Range { get; }

    /// <summary>Host address of the first byte; valid until <see cref="Dispose"/>.</summary>
    public byte* HostBase => _base;

    /// <summary>A span over <paramref name="length"/> bytes at <paramref name="address"/>; throws if outside RAM.</summary>
    public Span<byte> GetSpan(GuestPhysicalAddress address, int length)
    {
        if (!Range.Contains(address, (ulong)length))
        {
            throw new GuestMemoryException($"0x{length:X} bytes at {address} are outside guest RAM {Range}");
        }

        // SAFETY: the range check above keeps [address, address+length) inside the allocated block.
        return new Span<byte>(_base + (address.Value - Range.Start.Value), length);
    }

    /// <summary>Copies <paramref name="source"/> into guest RAM.</summary>
    public void Write(GuestPhysicalAddress address, ReadOnlySpan<byte> source) => source.CopyTo(GetSpan(address, source.Length));

    /// <summary>Copies guest RAM into <paramref name="destination"/>.</summary>
    public void Read(GuestPhysicalAddress address, Span<byte> destination) => GetSpan(address, destination.Length).CopyTo(destination);

    /// <summary>Reads a little-endian value.</summary>
    public T Read<T>(GuestPhysicalAddress address) where T : unmanaged =>
        Unsafe.ReadUnaligned<T>(ref GetSpan(address, sizeof(T))[0]);

    /// <summary>Writes a little-endian value.</summary>
    public void Write<T>(GuestPhysicalAddress address, T value) where T : unmanaged =>
        Unsafe.WriteUnaligned(ref GetSpan(address, sizeof(T))[0], value);

    /// <summary>
    /// Asks the host kernel to back <paramref name="length"/> bytes at <paramref name="address"/> with writable pages now
    /// (Linux madvise MADV_POPULATE_WRITE, 5.14+), one call instead of a page fault per 4 KiB page when a snapshot
    /// restore is about to fill them. A hint: a host without it just takes the faults later.
    /// </summary>
    public void Prefault(GuestPhysicalAddress address, ulong length)
    {
        if (length == 0 || !OperatingSystem.IsLinux() || !Range.Contains(address, length))
        {
            return;
        }

        // SAFETY: the range check above keeps the advised pages inside the allocated block; madvise only faults them in.
        nuint first = (nuint)(_base + (address.Value - Range.Start.Value)) & ~(nuint)(PageSize - 1);
        nuint end = ((nuint)(_base + (address.Value - Range.Start.Value) + length) + PageSize - 1) & ~(nuint)(PageSize - 1);
        _ = Madvise((void*)first, end - first, MadvPopulateWrite);
    }

    private const int MadvPopulateWrite = 23;

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);

    public void Dispose()
    {
        if (_allocation != null)
        {
            // SAFETY: _allocation came from AllocZeroed and is nulled so it is freed once.
            NativeMemory.Free(_allocation);
            _allocation = null;
            _base = null;
        }
    }
}
