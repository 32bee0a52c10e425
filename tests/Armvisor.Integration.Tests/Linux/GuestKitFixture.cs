using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// The guest kit (fetched once into the user's cache, then reused) and the initramfs built from it, shared by every
/// Linux test of a run (arm64; <see cref="ArmhfGuestKitFixture"/> the armhf kit).
/// </summary>
public class GuestKitFixture : IDisposable
{
    public const ulong GuestMemory = 512UL << 20;

    public GuestKitFixture()
        : this(GuestArchitecture.Arm64)
    {
    }

    protected GuestKitFixture(GuestArchitecture architecture, KernelFlavour flavour = KernelFlavour.Default)
    {
        Kit = new GuestPackageCache(architecture, flavour: flavour).Ensure();
        WorkDirectory = Directory.CreateTempSubdirectory("armvisor-linux-tests-").FullName;
        InitrdPath = new InitramfsBuilder(Kit).WriteTo(Path.Combine(WorkDirectory, "initrd.gz"));
    }

    public Armvisor.Vmm.LinuxKit.GuestKit Kit { get; }

    public string WorkDirectory { get; }

    public string InitrdPath { get; }

    /// <summary>The machine that boots the kit, runs <paramref name="commandLine"/>'s scripts and powers off.</summary>
    public MachineConfiguration Configuration(int cpus, GuestCommandLine commandLine, params DriveConfiguration[] drives) => new()
    {
        KernelPath = Kit.KernelPath,
        InitrdPath = InitrdPath,
        Append = (commandLine with { Then = AfterScripts.PowerOff }).ToString(),
        Cpus = cpus,
        MemoryBytes = GuestMemory,
        Drives = drives,
        NoReboot = true,
    };

    public void Dispose()
    {
        Directory.Delete(WorkDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
