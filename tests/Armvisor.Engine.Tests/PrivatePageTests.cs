using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Tlb;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>
/// The per-vCPU stage-2 override behind the PRDA alias (patents.md §3(e) 1-2): one IPA, a different host page per vCPU,
/// never shared through any vCPU's TLB, not executable unless mapped so, and nothing else of the IPA space reachable.
/// </summary>
public sealed class PrivatePageTests
{
    private const ulong AliasIpa = 0x090C_0000;

    private static GuestRam[] MapPages(TestMachine m, Stage2Permissions permissions = Stage2Permissions.Read | Stage2Permissions.Write)
    {
        var pages = new GuestRam[m.Vcpus.Length];
        for (int i = 0; i < pages.Length; i++)
        {
            pages[i] = new GuestRam(new GuestPhysicalAddress(AliasIpa), 4096);
            pages[i].Write(new GuestPhysicalAddress(AliasIpa), (ulong)(0xC0 + i));
            m.Vcpus[i].MapPrivatePage(pages[i], permissions);
        }

        return pages;
    }

    private static EngineExit RunFrom(TestMachine m, int cpu, ulong x1, ulong x3)
    {
        m.Vcpus[cpu].SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
        m.Vcpus[cpu].SetRegister(Arm64Register.X1, x1);
        m.Vcpus[cpu].SetRegister(Arm64Register.X3, x3);
        return m.Vcpus[cpu].Run();
    }

    [Fact]
    public void MapPrivatePage_FourVcpus_SameIpaReachesEachOwnPage()
    {
        using var m = new TestMachine(vcpus: 4, compileThreshold: 1);
        GuestRam[] pages = MapPages(m);
        // X2 = [X1] (cpuId), [X1 + 8] = X3, twice each so the second pass runs from the TLB (and the compiled tier).
        m.Load([LdrImm(2, 1, 0), StrImm(3, 1, 8), LdrImm(2, 1, 0), StrImm(3, 1, 8), Hvc(0)]);
        for (int pass = 0; pass < 3; pass++)
        {
            for (int cpu = 0; cpu < 4; cpu++)
            {
                EngineExit exit = RunFrom(m, cpu, AliasIpa, 0xAB00UL + (ulong)cpu);
                Assert.Equal(ExceptionClass.Hvc64, exit.Syndrome.Class);
                Assert.Equal((ulong)(0xC0 + cpu), m.Vcpus[cpu].GetRegister(Arm64Register.X2));
            }
        }

        for (int cpu = 0; cpu < 4; cpu++)
        {
            Assert.Equal(0xAB00UL + (ulong)cpu, pages[cpu].Read<ulong>(new GuestPhysicalAddress(AliasIpa + 8)));
            pages[cpu].Dispose();
        }
    }

    [Fact]
    public void Access_WithoutPrivatePage_IsStage2Abort()
    {
        using var m = new TestMachine(vcpus: 2);
        using GuestRam page = new(new GuestPhysicalAddress(AliasIpa), 4096);
        m.Vcpus[0].MapPrivatePage(page, Stage2Permissions.Read | Stage2Permissions.Write);
        m.Load([StrImm(3, 1, 8), Hvc(0)]);

        EngineExit other = RunFrom(m, 1, AliasIpa, 5);

        Assert.Equal(ExceptionClass.DataAbortLowerEl, other.Syndrome.Class);
        Assert.Equal(AliasIpa + 8, other.FaultIpa.Value);
        Assert.Equal(0UL, page.Read<ulong>(new GuestPhysicalAddress(AliasIpa + 8)));
    }

    [Fact]
    public void Write_NextPageAfterPrivatePage_IsStage2AbortNotAnotherPage()
    {
        using var m = new TestMachine(vcpus: 2);
        GuestRam[] pages = MapPages(m);
        m.Load([StrImm(3, 1, 0), Hvc(0)]);

        EngineExit below = RunFrom(m, 0, AliasIpa - 8, 7);
        EngineExit above = RunFrom(m, 0, AliasIpa + 4096, 7);

        Assert.Equal(ExceptionClass.DataAbortLowerEl, below.Syndrome.Class);
        Assert.Equal(ExceptionClass.DataAbortLowerEl, above.Syndrome.Class);
        Assert.Equal(AliasIpa + 4096, above.FaultIpa.Value);
        Assert.All(pages, p => Assert.Equal(0UL, p.Read<ulong>(new GuestPhysicalAddress(AliasIpa + 4088))));
        Assert.All(pages, p => p.Dispose());
    }

    [Fact]
    public void Fetch_FromPrivatePageWithoutExecute_IsStage2PermissionFault()
    {
        using var m = new TestMachine();
        GuestRam[] pages = MapPages(m);
        pages[0].Write(new GuestPhysicalAddress(AliasIpa + 16), Hvc(0));
        m.Load([Br(1)]);

        EngineExit exit = RunFrom(m, 0, AliasIpa + 16, 0);

        Assert.Equal(ExceptionClass.InstructionAbortLowerEl, exit.Syndrome.Class);
        Assert.Equal((uint)FaultStatusCode.PermissionLevel3, exit.Syndrome.Iss & 0x3F);
        Assert.Equal(AliasIpa + 16, exit.FaultIpa.Value);
        pages[0].Dispose();
    }

    [Fact]
    public void Fetch_FromPrivatePageMappedExecutable_RunsThatVcpusCode()
    {
        using var m = new TestMachine(vcpus: 2);
        GuestRam[] pages = MapPages(m, Stage2Permissions.All);
        pages[0].Write(new GuestPhysicalAddress(AliasIpa + 16), Hvc(0x10));
        pages[1].Write(new GuestPhysicalAddress(AliasIpa + 16), Hvc(0x11));
        m.Load([Br(1)]);

        Assert.Equal(0x10u, RunFrom(m, 0, AliasIpa + 16, 0).Syndrome.Iss);
        Assert.Equal(0x11u, RunFrom(m, 1, AliasIpa + 16, 0).Syndrome.Iss);
        Assert.Equal(0x10u, RunFrom(m, 0, AliasIpa + 16, 0).Syndrome.Iss);
        Assert.All(pages, p => p.Dispose());
    }

    [Fact]
    public void FlushPrivatePage_AfterAccess_DropsOnlyTheAliasEntries()
    {
        using var m = new TestMachine();
        GuestRam[] pages = MapPages(m);
        m.Load([LdrImm(2, 1, 0), LdrImm(4, 5, 0), Hvc(0)]);
        m.Cpu.SetRegister(Arm64Register.X5, TestMachine.DataBase);
        RunFrom(m, 0, AliasIpa, 0);

        int first = m.Cpu.FlushPrivatePage();
        int second = m.Cpu.FlushPrivatePage();

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        // The code and data pages of RAM stay cached: the flush named exactly the alias.
        var vcpu = (Armvisor.Engine.Interpreter.InterpreterVcpu)m.Cpu;
        Assert.NotNull(vcpu.Tlb.Physical(Armvisor.Engine.Tlb.TlbRegime.El1, TestMachine.DataBase).Mapping);
        pages[0].Dispose();
    }
}
