using System.Buffers.Binary;
using Armvisor.Arm64;
using Armvisor.Core;
using Armvisor.Devices.Platform;
using Armvisor.Firmware;
using Armvisor.Firmware.MpStartup;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>
/// The hypervisor's half of ACPI multiprocessor start-up (issue 7, patents.md §4(a) step 4): each secondary is started
/// once with its original method into the park code of its mailbox. PSCI secondaries are powered on as CPU_ON does;
/// platform ones by performing the configured MMIO writes on the release device through the MMIO bus, as the
/// platform's firmware would.
/// </summary>
public sealed partial class Machine
{
    /// <summary>
    /// The platform's quirk table (patents.md §4(a) step 2, "custom protocol"): with
    /// <see cref="SecondaryStartKind.Platform"/>, every secondary is released by ENTRY = start address, then
    /// RELEASE = its MPIDR on the CPU release controller.
    /// </summary>
    private IReadOnlyCollection<PlatformRelease> PlatformReleases(MachineDescription description)
    {
        if (Configuration.SecondaryStart != SecondaryStartKind.Platform)
        {
            return [];
        }

        GuestPhysicalAddress controller = MachineLayout.CpuReleaseController.Start;
        return description.CpuMpidrs.Skip(1)
            .Select(mpidr => new PlatformRelease(mpidr, controller + CpuReleaseController.ReleaseOffset, mpidr, AccessSize.Doubleword,
                controller + CpuReleaseController.EntryOffset))
            .ToArray();
    }

    private void StartParkedSecondaries()
    {
        if (AcpiBoot is null)
        {
            return;
        }

        foreach (SecondaryStart secondary in AcpiBoot.MpStartup.Secondaries)
        {
            // No mailbox of ours: the platform's firmware already parks the CPU (parking protocol on input).
            if (secondary.Mailbox is not { } mailbox)
            {
                continue;
            }

            Vcpu vcpu = Vm.FindVcpuByMpidr(secondary.Mpidr)
                ?? throw new MachineConfigurationException($"MADT names secondary MPIDR 0x{secondary.Mpidr:X}, which this machine does not have");
            switch (secondary.OriginalMethod)
            {
                case PsciStartMethod:
                    // PSCI CPU_ON(target, entry = park code, context_id = mailbox) (DEN0022D §5.1.4; patents.md §4(a) step 4).
                    vcpu.PowerOnAt(mailbox.ParkEntry.Value, mailbox.Address.Value);
                    break;
                case PlatformReleaseStartMethod platform:
                    PerformPlatformRelease(platform.Release, mailbox);
                    break;
            }

            if (vcpu.PowerState == VcpuPowerState.Off)
            {
                throw new MachineConfigurationException($"the {secondary.OriginalMethod} start of secondary MPIDR 0x{secondary.Mpidr:X} did not power it on");
            }

            _logger.LogDebug("Secondary MPIDR 0x{Mpidr:X} started by {Method} into its mailbox at {Mailbox}", secondary.Mpidr, secondary.OriginalMethod, mailbox.Address);
        }
    }

    /// <summary>The release writes, in the order the platform defines them: entry address first, then the release value.</summary>
    private void PerformPlatformRelease(PlatformRelease release, Mailbox mailbox)
    {
        if (release.EntryAddressSlot is { } slot)
        {
            FirmwareWrite(slot, AccessSize.Doubleword, mailbox.ParkEntry.Value);
        }

        FirmwareWrite(release.Address, release.Size, release.Value);
    }

    /// <summary>A store by the firmware: to the device mapped there, or to RAM (a spin-table style slot).</summary>
    private void FirmwareWrite(GuestPhysicalAddress address, AccessSize size, ulong value)
    {
        if (Bus.TryWrite(address, size, value))
        {
            return;
        }

        if (!Ram.Range.Contains(address, (ulong)size))
        {
            throw new MachineConfigurationException($"platform release address {address} is neither a device nor RAM");
        }

        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        Ram.Write(address, bytes[..(int)size]);
    }
}
