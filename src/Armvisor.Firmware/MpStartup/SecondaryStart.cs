namespace Armvisor.Firmware.MpStartup;

/// <summary>
/// What the hypervisor does for one secondary before the OS runs: start it once with <see cref="OriginalMethod"/> at
/// <see cref="Mailbox"/>.ParkEntry (PSCI: CPU_ON(mpidr, park entry, context = mailbox)). When the CPU already used the
/// parking protocol, <see cref="NeedsStart"/> is false: the platform's own firmware already parked it.
/// </summary>
public sealed record SecondaryStart(ulong Mpidr, uint CpuInterfaceNumber, SecondaryStartMethod OriginalMethod, Mailbox? Mailbox)
{
    public bool NeedsStart => Mailbox is not null;
}
