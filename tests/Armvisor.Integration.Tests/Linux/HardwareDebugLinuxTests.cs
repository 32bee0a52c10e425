using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Vmm.LinuxKit;
using Xunit.Abstractions;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// Issue 17, the guest kernel's own debugger: guests/hwdebug/hw-debug.c, a static arm64 program in the Debian guest's
/// initramfs, traces a child through ptrace's NT_ARM_HW_BREAK and NT_ARM_HW_WATCH regsets — Linux programs
/// DBGBCR/BVR and DBGWCR/WVR for EL0 (arch/arm64/kernel/hw_breakpoint.c) and turns the Breakpoint (EC 0x30) and
/// Watchpoint (EC 0x34, FAR) exceptions into SIGTRAP/TRAP_HWBKPT; the tracer steps over each watched store with
/// software step. QEMU (cortex-a72, the reference) and Armvisor must print the same lines.
/// </summary>
[Collection(LinuxGuestCollection.Name)]
public sealed class HardwareDebugLinuxTests(GuestKitFixture kit, ITestOutputHelper output)
{
    public const string ScriptName = "hw-debug";

    private static readonly Lock s_lock = new();

    private static readonly string[] s_expected =
    [
        "breakpoint-slots=6",
        "watchpoint-slots=4",
        "breakpoint: signal=5 code=4 pc-at-marker=1",
        "watch-hit-1: signal=5 code=4 addr-offset=0 before=0x0 step-signal=5 after=0x1111",
        "watch-hit-2: signal=5 code=4 addr-offset=0 before=0x1111 step-signal=5 after=0x2222",
        "watch-hit-3: signal=5 code=4 addr-offset=0 before=0x2222 step-signal=5 after=0x3333",
        "child-exit=51",
    ];

    [RequiresQemuFact]
    [Trait("Requires", "LinuxOnArmvisor")]
    public void PtraceHardwareBreakpointAndWatchpoint_OnQemuAndArmvisor_SameLines()
    {
        Armvisor.Vmm.MachineConfiguration configuration =
            kit.Configuration(1, new GuestCommandLine { Run = [ScriptName] }) with { InitrdPath = Initrd() };

        GuestRun qemu = GuestBackend.For(GuestBackend.QemuName).Boot(configuration, TimeSpan.FromMinutes(3));
        GuestRun armvisor = GuestBackend.For(GuestBackend.ArmvisorName).Boot(configuration, TimeSpan.FromMinutes(10));

        output.WriteLine(qemu.ToString());
        output.WriteLine(armvisor.ToString());
        GuestScriptResult reference = qemu.Transcript.Script(ScriptName);
        GuestScriptResult result = armvisor.Transcript.Script(ScriptName);
        Assert.True(reference.Status == 0, qemu.ToString());
        Assert.Equal(s_expected, reference.Lines);
        Assert.True(result.Status == 0, armvisor.ToString());
        Assert.Equal(reference.Lines, result.Lines);
        Assert.Empty(armvisor.Transcript.KernelProblems);
        Assert.Equal(0, armvisor.ExitCode);
    }

    private string Initrd()
    {
        string path = Path.Combine(kit.WorkDirectory, "hw-debug-initrd.gz");
        lock (s_lock)
        {
            if (!File.Exists(path))
            {
                new InitramfsBuilder(kit.Kit)
                    .WithScript(ScriptName, "# hw-debug (issue 17): ptrace hardware breakpoint and watchpoint hits.\n/usr/bin/hw-debug\n")
                    .WithFile("usr/bin/hw-debug", File.ReadAllBytes(GuestKitBuild.Guest("hw-debug")), 0x1ED /* 0755 */)
                    .WriteTo(path);
            }
        }

        return path;
    }
}
