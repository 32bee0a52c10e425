using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>Decoded blocks are invalidated when their code page is written (by the guest or by the host).</summary>
public sealed class SelfModifyingCodeTests
{
    private const ulong Target = TestMachine.CodeBase + 0x100;

    [Fact]
    public void GuestStoreToDecodedCode_NextExecutionRunsNewInstruction()
    {
        using var m = new TestMachine();
        m.Load([MovZ(0, 1), Ret()], Target);
        m.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase), MovZ(0, 2));
        m.SetX(7, TestMachine.DataBase);
        m.SetX(8, Target);
        m.Run(Bl(0x100), Mov(5, 0), LdrImm(6, 7, 0, size: 2), StrImm(6, 8, 0, size: 2), Bl(0x100 - 16), Hvc(0));
        Assert.Equal(1UL, m.X(5));
        Assert.Equal(2UL, m.X(0));
    }

    [Fact]
    public void StoreInsideTheRunningBlock_LaterPassSeesNewCode()
    {
        // A loop whose body rewrites its own ADD immediate: first pass adds 1, second pass adds 5.
        using var m = new TestMachine();
        ulong patchAddress = TestMachine.CodeBase + 4;
        m.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase), AddImm(0, 0, 5));
        m.SetX(7, TestMachine.DataBase);
        m.SetX(8, patchAddress);
        m.SetX(4, 2);
        m.Run(LdrImm(6, 7, 0, size: 2), AddImm(0, 0, 1), StrImm(6, 8, 0, size: 2), SubImm(4, 4, 1, setFlags: true), BCond(1, -12), Hvc(0));
        Assert.Equal(6UL, m.X(0));
    }

    [Fact]
    public void DcZvaOverCode_InvalidatesBlocks()
    {
        using var m = new TestMachine();
        m.Load([MovZ(0, 1), Ret()], Target);
        m.SetX(8, Target);
        // After DC ZVA the target holds 0x00000000 (UDF): UNDEFINED at the target.
        EngineExit exit = m.Run(Bl(0x100), Sys(3, 7, 4, 1, 8), Bl(0x100 - 8), Hvc(0));
        Assert.Equal(4, TestMachine.VectorSlot(exit));
        Assert.Equal(Target, m.ElrEl1);
    }
}
