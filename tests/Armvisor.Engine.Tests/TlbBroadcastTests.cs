using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>
/// TLBI ...IS is complete on every PE when the issuing PE's later DSB completes (DDI0487 D8.13.8): the issuing vCPU's
/// DSB waits until each vCPU executing guest code has applied it; a vCPU that is not running applies it before its
/// next block, so nobody waits for it.
/// </summary>
public sealed class TlbBroadcastTests
{
    private const uint DsbIsh = 0xD5033B9F;

    /// <summary>TLBI VMALLE1IS (op1 0, CRn 8, CRm 3, op2 0).</summary>
    private static readonly uint TlbiVmalle1Is = Sys(0, 8, 3, 0, Zr);

    [Fact]
    public async Task TlbiIsThenDsb_OtherVcpuRunning_DsbCompletesOnlyAfterItApplied()
    {
        using var m = new TestMachine(vcpus: 2);
        m.Load([AddImm(0, 0, 1), B(-4)], TestMachine.CodeBase + 0x1000); // vCPU 1 spins here
        m.Vcpus[1].SetRegister(Arm64Register.Pc, TestMachine.CodeBase + 0x1000);
        Task<EngineExit> spinner = Task.Run(() => m.Vcpus[1].Run());
        while (m.Vcpus[1].GetRegister(Arm64Register.X0) == 0)
        {
            await Task.Delay(1); // vCPU 1 is executing guest code
        }

        var target = (InterpreterVcpu)m.Vcpus[1];
        long before = target.TlbMaintenanceApplied;
        EngineExit exit = m.Run(TlbiVmalle1Is, DsbIsh, Hvc(0));

        Assert.Equal(ExceptionClass.Hvc64, exit.Syndrome.Class);
        Assert.True(target.TlbMaintenanceApplied > before, "vCPU 0's DSB completed before vCPU 1 applied its TLBI");
        m.Vcpus[1].RequestExit();
        await spinner.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void TlbiIsThenDsb_OtherVcpuNotRunning_DsbDoesNotWait()
    {
        using var m = new TestMachine(vcpus: 2);

        EngineExit exit = m.Run(TlbiVmalle1Is, DsbIsh, TlbiVmalle1Is, DsbIsh, Hvc(0));

        Assert.Equal(ExceptionClass.Hvc64, exit.Syndrome.Class);
        Assert.Equal(0, ((InterpreterVcpu)m.Vcpus[1]).TlbMaintenanceApplied); // applied later, before its next block
    }

    [Fact]
    public async Task TlbiIsThenDsb_BothVcpusAtOnce_NeitherWaitsForever()
    {
        // Each vCPU invalidates and waits in DSB for the other, 20,000 times: waiting vCPUs apply what they are sent.
        using var m = new TestMachine(vcpus: 2);
        m.Load([TlbiVmalle1Is, DsbIsh, SubImm(4, 4, 1, setFlags: true), BCond(1, -12), Hvc(0)]);
        foreach (IVcpuEngine cpu in m.Vcpus)
        {
            cpu.SetRegister(Arm64Register.X4, 20_000);
        }

        Task<EngineExit>[] runs = [Task.Run(() => m.Vcpus[0].Run()), Task.Run(() => m.Vcpus[1].Run())];
        EngineExit[] exits = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(exits, e => Assert.Equal(ExceptionClass.Hvc64, e.Syndrome.Class));
    }
}
