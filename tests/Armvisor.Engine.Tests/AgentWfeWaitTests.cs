using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests;

/// <summary>
/// A WFE trapped to the EL2 agent (HCR_EL2.TWE) that the agent chooses to wait on keeps the architectural wake-up
/// events, including the clear of the global monitor by another PE's store (DDI0487 D1.16.1): the exclusive
/// reservation survives the exit until the agent returns (Linux's smp_cond_load_acquire relies on it).
/// </summary>
public class AgentWfeWaitTests
{
    private static readonly SystemRegisterEncoding HcrEl2 = new(3, 4, 1, 1, 0);

    [Fact]
    public async Task WaitForEvent_AfterTrappedWfeWithArmedExclusive_WakesOnStoreToMonitoredAddress()
    {
        using var machine = new TestMachine();
        machine.Cpu.SetSystemRegister(HcrEl2, (1UL << 31) | (1UL << 14)); // RW, TWE
        var data = new GuestPhysicalAddress(TestMachine.DataBase);
        machine.Ram.Write(data, 1UL);

        EngineExit exit = machine.Run([.. Asm.MovImm64(1, TestMachine.DataBase), Asm.Ldxr(2, 1), Asm.Wfe()]);
        Assert.Equal(ExceptionClass.WfiWfe, exit.Syndrome.Class);

        Task wait = Task.Run(machine.Cpu.WaitForEvent);
        Assert.False(await Completes(wait, TimeSpan.FromMilliseconds(200)), "WFE completed with no wake-up event");
        machine.Ram.Write(data, 2UL); // another observer's store clears the global monitor

        Assert.True(await Completes(wait, TimeSpan.FromSeconds(10)), "WFE did not wake on the monitor clear");
    }

    [Fact]
    public async Task WaitForEvent_AfterTrappedWfe_WakesOnSignalEvent()
    {
        using var machine = new TestMachine();
        machine.Cpu.SetSystemRegister(HcrEl2, (1UL << 31) | (1UL << 14));

        EngineExit exit = machine.Run(Asm.Wfe());
        Assert.Equal(ExceptionClass.WfiWfe, exit.Syndrome.Class);

        Task wait = Task.Run(machine.Cpu.WaitForEvent);
        Assert.False(await Completes(wait, TimeSpan.FromMilliseconds(200)), "WFE completed with no wake-up event");
        machine.Cpu.SignalEvent();

        Assert.True(await Completes(wait, TimeSpan.FromSeconds(10)), "WFE did not wake on SignalEvent");
    }

    [Fact]
    public void Wfe_EventRegisterSetAndTweSet_CompletesWithoutTrapping()
    {
        using var machine = new TestMachine();
        machine.Cpu.SetSystemRegister(HcrEl2, (1UL << 31) | (1UL << 14));

        EngineExit first = machine.Run(Asm.Sevl(), Asm.Wfe(), Asm.Hvc(0x77), Asm.Wfe());
        Assert.Equal(ExceptionClass.Hvc64, first.Syndrome.Class);

        // The event was consumed: the second WFE would wait, so it traps.
        EngineExit second = machine.Cpu.Run();
        Assert.Equal(ExceptionClass.WfiWfe, second.Syndrome.Class);
    }

    private static async Task<bool> Completes(Task task, TimeSpan within) =>
        await Task.WhenAny(task, Task.Delay(within)) == task;
}
