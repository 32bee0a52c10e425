using Armvisor.Devices.Flash;
using Armvisor.Engine;
using Armvisor.Memory;

namespace Armvisor.Vmm;

/// <summary>
/// A flash bank's read-array window in the engine's stage-2 map: readable and executable (firmware runs in place),
/// never writable, so every write leaves the guest as an MMIO exit to the bank's command interface; unmapped while
/// the bank answers status, identifier or query reads.
/// </summary>
internal sealed class FlashArrayMapping(IEnginePartition partition, GuestRam storage) : IFlashArrayWindow
{
    public void SetArrayVisible(bool visible)
    {
        if (visible)
        {
            partition.MapRam(storage, Stage2Permissions.Read | Stage2Permissions.Execute);
        }
        else
        {
            partition.Unmap(storage.Range.Start);
        }
    }
}
