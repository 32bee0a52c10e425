using Armvisor.Engine.Interpreter;
using Armvisor.Memory;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// The hypervisor's reads of the guest's translation tables: guest RAM only. A guest descriptor address outside it (or
/// in the hypervisor's pool) ends the walk as on hardware with nothing there (an external abort on the walk).
/// </summary>
internal sealed class GuestTableReader : IPageTableReader
{
    private readonly GuestRam _ram;

    public GuestTableReader(GuestRam ram) => _ram = ram;

    public bool TryReadDescriptor(ulong address, out ulong descriptor)
    {
        descriptor = 0;
        if ((address & 7) != 0 || !_ram.Range.Contains(new GuestPhysicalAddress(address)))
        {
            return false;
        }

        descriptor = _ram.Read<ulong>(new GuestPhysicalAddress(address));
        return true;
    }

    public bool TryRead32(uint address, out uint descriptor)
    {
        descriptor = 0;
        if (!TryReadDescriptor(address & ~7u, out ulong pair))
        {
            return false;
        }

        descriptor = (uint)(pair >> (int)((address & 4) * 8));
        return true;
    }
}
