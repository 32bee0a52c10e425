using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tlb;

/// <summary>
/// The stage-1 walker's descriptor reads: 64-bit little-endian loads from IPAs through the partition's stage-2 map.
/// An IPA outside RAM (or a mapping without read permission) makes the walk end in a stage-2 fault with S1PTW = 1.
/// </summary>
internal sealed unsafe class PartitionPageTableReader : IPageTableReader
{
    private readonly InterpreterPartition _partition;

    public PartitionPageTableReader(InterpreterPartition partition) => _partition = partition;

    public bool TryReadDescriptor(ulong address, out ulong descriptor)
    {
        descriptor = 0;
        RamMapping? mapping = _partition.FindMapping(address);
        if (mapping == null || (mapping.Permissions & Stage2Permissions.Read) == 0 || (address & 7) != 0)
        {
            return false;
        }

        // SAFETY: address lies in the mapping and is 8-aligned, so the 8 bytes are inside the mapped block.
        descriptor = Volatile.Read(ref *(ulong*)(mapping.HostBase + (address - mapping.Start)));
        return true;
    }
}
