using Armvisor.Devices.Gic;

namespace Armvisor.Vmm;

/// <summary>The devices of the virt board, mapped at their <see cref="MachineLayout"/> addresses.</summary>
public sealed partial class Machine
{
    private void AttachDevices(MachineConsole console)
    {
        GicV3 gic = Interrupts.Gic;
        Bus.Map(MachineLayout.GicDistributor.Start, gic.Distributor);
        Bus.Map(MachineLayout.GicRedistributorBase, gic.RedistributorRegion);
        _ = console;
    }

    private void DisposeDevices()
    {
    }
}
