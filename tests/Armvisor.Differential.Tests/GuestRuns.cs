using Armvisor.Bench.Harness;
using Armvisor.Bench.Qemu;

namespace Armvisor.Differential.Tests;

/// <summary>Runs a built guest on QEMU and on Armvisor and returns their console lines.</summary>
internal static class GuestRuns
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static IReadOnlyList<string> OnQemu(string guest)
    {
        QemuResult r = new QemuRunner().Run(GuestBuild.PathOf(guest), Timeout);
        Assert.False(r.TimedOut, $"{guest} timed out on QEMU: {r.Output}");
        if (r.StartFailure is { } failure)
        {
            Assert.Fail(failure);
        }

        Assert.True(r.Lines.Count > 0, $"{guest} printed nothing on QEMU (exit {r.ExitCode}): {r.Errors}");
        return r.Lines;
    }

    public static (HarnessResult Result, IReadOnlyList<string> Lines) OnArmvisor(string guest)
    {
        HarnessResult r = new BareMetalHarness().Run(GuestImage.Load(GuestBuild.PathOf(guest)),
            new HarnessOptions(InstructionBudget: 2_000_000_000, WallClockLimit: Timeout));
        return (r, r.Lines);
    }
}
