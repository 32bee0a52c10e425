using Armvisor.Integration.Tests.Linux;

namespace Armvisor.Integration.Tests.Gdb;

/// <summary>
/// Issue 17 on Debian's own arm64 kernel (no symbols: Debian keeps System.map in the -dbg package): gdb stops at the
/// kernel's entry (on QEMU behind its boot stub, with a hardware breakpoint), single-steps 400 instructions of head.S
/// with the MMU off, and both stubs report the same PC, disassembly and registers.
/// </summary>
[Collection(LinuxGuestCollection.Name)]
public class GdbLinuxKernelTests(GuestKitFixture kit)
{
    private const string KernelEntry = "0x40200000";

    private static readonly string[] Steps = ["p/x $pc", "stepi 400", "p/x $pc", "x/3i $pc", "p/x $cpsr", "p/x $x1", "p/x $sp", "kill"];

    [RequiresGdbFact]
    public void DebianKernel_EntryAndStepi400_SameOnArmvisorAndQemu()
    {
        string kernel = kit.Kit.KernelPath;
        string qemu = GdbBatch.AgainstQemu(kernel, 1, ["hbreak *" + KernelEntry, "continue", "delete", .. Steps], symbols: false);
        (string armvisor, _) = GdbBatch.AgainstArmvisor(kernel, 1, Steps, symbols: false);

        string[] expected = GdbBatch.Comparable(qemu).SkipWhile(l => !l.StartsWith("$1 = " + KernelEntry, StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, GdbBatch.Comparable(armvisor).SkipWhile(l => !l.StartsWith("$1 = ", StringComparison.Ordinal)));
    }
}
