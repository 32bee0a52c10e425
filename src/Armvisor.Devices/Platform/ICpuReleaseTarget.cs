namespace Armvisor.Devices.Platform;

/// <summary>
/// What a <see cref="CpuReleaseController"/> releases: the VMM supplies it (it owns the vCPUs), so the device does not
/// depend on the hypervisor core. Called with the device's lock held; it must not call back into the device.
/// </summary>
public interface ICpuReleaseTarget
{
    /// <summary>
    /// Powers the CPU whose MPIDR affinity (Aff3..Aff0) is <paramref name="mpidr"/> on at <paramref name="entry"/>, in the
    /// state a PSCI CPU_ON gives (EL1h, DAIF masked, MMU off), if it is off.
    /// </summary>
    CpuReleaseStatus Release(ulong mpidr, ulong entry);
}
