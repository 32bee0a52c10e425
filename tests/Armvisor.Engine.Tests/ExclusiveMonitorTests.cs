using Armvisor.Engine;
using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>LDXR/STXR and the global monitor (DDI0487 B2.9), including across host threads (Renode-style counter).</summary>
public sealed class ExclusiveMonitorTests
{
    private const ulong Counter = TestMachine.DataBase;

    /// <summary>loop: LDAXR X2,[X1]; ADD X2,X2,#1; STLXR W3,X2,[X1]; CBNZ W3,loop; SUBS X4,X4,#1; B.NE loop; HVC #0.</summary>
    private static readonly uint[] IncrementLoop =
    [
        Ldaxr(2, 1), AddImm(2, 2, 1), Stlxr(3, 2, 1), Cbnz(3, -12, is64: false), SubImm(4, 4, 1, setFlags: true), BCond(1, -20), Hvc(0),
    ];

    [Fact]
    public async Task StlxrLoop_TwoVcpusOnTwoThreads_CounterIsExact()
    {
        const ulong iterations = 200_000;
        using var m = new TestMachine(vcpus: 2);
        m.Load(IncrementLoop);
        foreach (IVcpuEngine cpu in m.Vcpus)
        {
            cpu.SetRegister(Arm64Register.X1, Counter);
            cpu.SetRegister(Arm64Register.X4, iterations);
        }

        Task<EngineExit>[] runs = [Task.Run(() => m.Vcpus[0].Run()), Task.Run(() => m.Vcpus[1].Run())];
        EngineExit[] exits = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.All(exits, e => Assert.Equal(ExceptionClass.Hvc64, e.Syndrome.Class));
        Assert.Equal(2 * iterations, m.Ram.Read<ulong>(new GuestPhysicalAddress(Counter)));
    }

    [Fact]
    public void Stxr_WithoutLdxr_Fails()
    {
        using var m = new TestMachine();
        m.SetX(1, Counter);
        m.SetX(2, 99);
        m.Run(Stxr(3, 2, 1), Hvc(0));
        Assert.Equal(1UL, m.X(3));
        Assert.Equal(0UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Counter)));
    }

    [Fact]
    public void Stxr_AfterLdxr_SucceedsAndStores()
    {
        using var m = new TestMachine();
        m.SetX(1, Counter);
        m.SetX(2, 99);
        m.Run(Ldxr(5, 1), Stxr(3, 2, 1), Hvc(0));
        Assert.Equal(0UL, m.X(3));
        Assert.Equal(99UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Counter)));
    }

    [Fact]
    public void Stxr_AfterClrex_Fails()
    {
        using var m = new TestMachine();
        m.SetX(1, Counter);
        m.Run(Ldxr(5, 1), Clrex(), Stxr(3, 2, 1), Hvc(0));
        Assert.Equal(1UL, m.X(3));
    }

    [Fact]
    public void Stxr_AfterValueChangedByOtherStore_Fails()
    {
        using var m = new TestMachine();
        m.SetX(1, Counter);
        m.SetX(6, 7);
        m.Run(Ldxr(5, 1), StrImm(6, 1, 0), Stxr(3, 2, 1), Hvc(0));
        Assert.Equal(1UL, m.X(3));
        Assert.Equal(7UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Counter)));
    }

    [Fact]
    public void Stxr_AfterExceptionEntry_Fails()
    {
        using var m = new TestMachine();
        m.SetX(1, Counter);
        m.Run(Ldxr(5, 1), Svc(0));
        // Back from the vector: the exception cleared the monitor.
        m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase + 0x40);
        m.Load([Stxr(3, 2, 1), Hvc(0)], TestMachine.CodeBase + 0x40);
        m.Cpu.Run();
        Assert.Equal(1UL, m.X(3));
    }

    [Fact]
    public void Ldxr_Unaligned_TakesAlignmentFault()
    {
        using var m = new TestMachine();
        m.SetX(1, Counter + 4);
        EngineExit exit = m.Run(Ldxr(5, 1), Hvc(0));
        Assert.Equal(4, TestMachine.VectorSlot(exit));
        Assert.Equal(FaultStatusCode.Alignment, new ExceptionSyndrome(m.EsrEl1).DataAbort.StatusCode);
    }

    [Fact]
    public void LdxpStxp_Doubleword_PairRoundTrips()
    {
        using var m = new TestMachine();
        m.SetX(1, Counter);
        m.SetX(2, 0x1111);
        m.SetX(3, 0x2222);
        // LDXP X5, X6, [X1]; STXP W4, X2, X3, [X1]
        m.Run(0xC87F1825u, 0xC8240C22u, Hvc(0));
        Assert.Equal(0UL, m.X(4));
        Assert.Equal(0x1111UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Counter)));
        Assert.Equal(0x2222UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Counter + 8)));
    }
}
