using System.Diagnostics;
using Armvisor.Vmm;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// Boots a configuration on Armvisor inside the test process (the Vmm API instead of <c>armvisor run</c>), so that a
/// test can look at the machine — its RAM, devices and firmware image — after the guest ran and before it is torn down.
/// The run ends like the CLI's: the guest powers off, the console prints <see cref="MachineConfiguration.ExitOnOutput"/>
/// (the machine's OutputWatcher), or the timeout expires.
/// </summary>
internal static class InProcessGuest
{
    public const string BackendName = "armvisor-in-process";

    public static GuestRun Boot(MachineConfiguration configuration, TimeSpan timeout, Action<Machine> inspect)
    {
        using var console = new ConsoleCapture();
        var clock = Stopwatch.StartNew();
        using Machine machine = Machine.Create(configuration with { Timeout = timeout }, MachineRunner.DefaultEngine, console);
        GuestOutcome outcome = machine.Run();
        clock.Stop();
        inspect(machine);
        return new GuestRun(BackendName, (int)outcome, outcome == GuestOutcome.Timeout, console.Text, machine.OutcomeReason, clock.Elapsed);
    }
}
