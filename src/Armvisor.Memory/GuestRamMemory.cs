namespace Armvisor.Memory;

/// <summary>
/// <see cref="IGuestMemory"/> over one or more <see cref="GuestRam"/> blocks. An access must lie inside one block;
/// RAM blocks of a machine are not adjacent in practice, and a DMA buffer straddling two would be a guest error.
/// </summary>
public sealed class GuestRamMemory : IGuestMemory
{
    private readonly GuestRam[] _blocks;

    public GuestRamMemory(params GuestRam[] blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        _blocks = blocks;
    }

    public void Read(GuestPhysicalAddress address, Span<byte> destination) =>
        Find(address, destination.Length).Read(address, destination);

    public void Write(GuestPhysicalAddress address, ReadOnlySpan<byte> source) =>
        Find(address, source.Length).Write(address, source);

    private GuestRam Find(GuestPhysicalAddress address, int length)
    {
        foreach (var block in _blocks)
        {
            if (block.Range.Contains(address, (ulong)length))
            {
                return block;
            }
        }

        throw new GuestMemoryException($"0x{length:X} bytes at {address} are not inside guest RAM");
    }
}
