using Armvisor.Core;
using Armvisor.Devices.Platform;

namespace Armvisor.Vmm;

/// <summary>The VM's vCPUs as the CPU release controller sees them: a release powers an off vCPU on at the entry.</summary>
internal sealed class MachineCpuReleaseTarget(Vm vm) : ICpuReleaseTarget
{
    public CpuReleaseStatus Release(ulong mpidr, ulong entry)
    {
        Vcpu? vcpu = vm.FindVcpuByMpidr(mpidr);
        if (vcpu is null)
        {
            return CpuReleaseStatus.UnknownCpu;
        }

        // Not atomic with a concurrent PSCI CPU_ON of the same vCPU (Vcpu.TryPowerOn is internal to the core); the
        // hypervisor releases each secondary once, before any guest code runs, so the two never meet at boot.
        if (vcpu.PowerState != VcpuPowerState.Off)
        {
            return CpuReleaseStatus.AlreadyOn;
        }

        // Entry state as for PSCI CPU_ON (DEN0022D §6.4): EL1h, DAIF masked, MMU off; X0 is not defined by a release.
        vcpu.PowerOnAt(entry, 0);
        return CpuReleaseStatus.Released;
    }
}
