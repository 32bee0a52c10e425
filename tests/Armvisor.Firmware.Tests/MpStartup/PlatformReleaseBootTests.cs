using Armvisor.Arm64;
using Armvisor.Firmware.Acpi;
using Armvisor.Firmware.Efi;
using Armvisor.Firmware.MpStartup;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.MpStartup;

/// <summary>
/// patents.md §4(e) 4 on the ACPI boot image: a platform whose secondaries are released by an MMIO write (no PSCI in
/// its own FADT) is classified as such, and the OS still sees only the parking protocol.
/// </summary>
public class PlatformReleaseBootTests
{
    private const ulong RamBase = 0x4000_0000, RamSize = 256UL << 20;
    private static readonly GuestPhysicalAddress s_release = new(0x090F_0010), s_entry = new(0x090F_0008);

    private static AcpiBootImage Build(MachineDescription machine, IReadOnlyCollection<PlatformRelease> releases)
    {
        var size = (AcpiBootFirmware.RegionSize(machine) + 0xFFFF) & ~0xFFFFUL;
        return AcpiBootFirmware.Build(machine, new AddressRange(new GuestPhysicalAddress(RamBase + RamSize - size), size), releases);
    }

    private static PlatformRelease[] Releases(MachineDescription machine) =>
        machine.CpuMpidrs.Skip(1).Select(m => new PlatformRelease(m, s_release, m, AccessSize.Doubleword, s_entry)).ToArray();

    [Fact]
    public void Build_PlatformReleases_EverySecondaryClassifiedAsItsRelease()
    {
        var machine = MachineDescription.QemuVirt(4, RamSize);
        var releases = Releases(machine);

        var image = Build(machine, releases);

        Assert.Equal(3, image.MpStartup.Secondaries.Count);
        Assert.All(image.MpStartup.Secondaries, s =>
        {
            var method = Assert.IsType<PlatformReleaseStartMethod>(s.OriginalMethod);
            Assert.Equal(s.Mpidr, method.Release.Value);
            Assert.NotNull(s.Mailbox);
        });
    }

    [Fact]
    public void Build_PlatformReleases_OsSeesParkingProtocolOnlyWithValidChecksums()
    {
        var machine = MachineDescription.QemuVirt(4, RamSize);

        var image = Build(machine, Releases(machine));

        var fadt = image.Tables.Table(FadtLayout.Signature);
        Assert.Equal(FadtBootFlags.None, FadtBootFlagsField.Read(fadt) & (FadtBootFlags.PsciCompliant | FadtBootFlags.PsciUseHvc));
        Assert.True(AcpiChecksum.IsValid(fadt));
        var madt = MadtParser.Parse(image.Tables.Table(MadtLayout.Signature));
        Assert.True(madt.ChecksumValid);
        Assert.All(madt.GicCpuInterfaces.Skip(1), g => Assert.True(g.UsesParkingProtocol));
    }

    [Fact]
    public void Build_NoReleases_KeepsPsciAsTheOriginalMethod()
    {
        var machine = MachineDescription.QemuVirt(2, RamSize);

        var image = Build(machine, []);

        Assert.IsType<PsciStartMethod>(Assert.Single(image.MpStartup.Secondaries).OriginalMethod);
    }

    [Fact]
    public void Build_ReleaseMissingForOneSecondary_ThrowsAcpiTableException()
    {
        var machine = MachineDescription.QemuVirt(3, RamSize);

        Assert.Throws<AcpiTableException>(() => Build(machine, Releases(machine)[..1]));
    }
}
