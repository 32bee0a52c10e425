namespace Armvisor.Differential.Tests;

/// <summary>
/// The system test guests (guests/systest): each line checks a value against the architecture on its own, and the
/// whole output must be identical on QEMU and Armvisor.
/// </summary>
public sealed class SystemGuestTests
{
    [RequiresQemuFact]
    public void Hello_OnBoth_SameOutputAndPoweredOff() => AssertSameOutput("hello.elf", expectDoneLine: false);

    [RequiresQemuFact]
    public void Exceptions_OnBoth_SameLinesAndNoFailure() => AssertSameOutput("systest-exceptions.elf");

    [RequiresQemuFact]
    public void Mmu_OnBoth_SameLinesAndNoFailure() => AssertSameOutput("systest-mmu.elf");

    [RequiresQemuFact]
    public void Exclusives_OnBoth_SameLinesAndNoFailure() => AssertSameOutput("systest-exclusives.elf");

    /// <summary>The timer guest checks itself on QEMU (the reference) until Armvisor's machine provides the GIC.</summary>
    [RequiresQemuFact]
    public void Timer_OnQemu_VirtualTimerInterruptTaken()
    {
        IReadOnlyList<string> qemu = GuestRuns.OnQemu("systest-timer.elf");

        Assert.Contains("irq vector 5 intid 27", qemu);
        Assert.Equal("SYSTEST timer DONE failures=0", qemu[^1]);
    }

    // The timer guest on Armvisor needs the virt machine's GICv3, which the bare-metal harness lacks: it runs on the
    // full machine in tests/Armvisor.Integration.Tests/Cli/MachineGuestTests.cs.

    private static void AssertSameOutput(string guest, bool expectDoneLine = true)
    {
        IReadOnlyList<string> qemu = GuestRuns.OnQemu(guest);
        (Bench.Harness.HarnessResult result, IReadOnlyList<string> armvisor) = GuestRuns.OnArmvisor(guest);

        if (expectDoneLine)
        {
            Assert.Matches("^SYSTEST .* DONE failures=0$", qemu[^1]);
        }

        Assert.True(result.Outcome == Bench.Harness.HarnessOutcome.PoweredOff, $"{guest} on Armvisor: {result.Outcome} {result.Diagnostic}");
        for (int i = 0; i < Math.Max(qemu.Count, armvisor.Count); i++)
        {
            string q = i < qemu.Count ? qemu[i] : "<no line>";
            string a = i < armvisor.Count ? armvisor[i] : "<no line>";
            Assert.True(q == a, $"{guest} line {i + 1}: qemu \"{q}\" armvisor \"{a}\"");
        }
    }
}
