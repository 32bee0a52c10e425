using Armvisor.Arm64;
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

        // Entry state as for PSCI CPU_ON (DEN0022D §6.4): EL1h, DAIF masked, MMU off; X0 is not defined by a release.
        // The same atomic start as CPU_ON, so a release and a concurrent CPU_ON of the same vCPU cannot both start it.
        return vcpu.TryPowerOn(entry, 0) == PsciReturnCode.Success ? CpuReleaseStatus.Released : CpuReleaseStatus.AlreadyOn;
    }
}
