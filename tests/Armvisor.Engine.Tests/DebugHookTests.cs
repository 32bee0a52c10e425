using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>
/// The host debugger's hooks (IVcpuDebug, issue 17): breakpoints stop before the instruction on every tier, also in the
/// middle of a block that was already compiled; single-step executes exactly one instruction; debug memory access goes
/// through the current translation; HLT #0xF000 is a semihosting exit only when enabled.
/// </summary>
public class DebugHookTests
{
    /// <summary>x0 += 1; x1 += 2; x2 += 3; x3 -= 1 until 0; HVC.</summary>
    private static readonly uint[] Loop = [AddImm(0, 0, 1), AddImm(1, 1, 2), AddImm(2, 2, 3), SubImm(3, 3, 1, setFlags: true), BCond(1, -16), Hvc(0)];

    private const ulong ThirdInstruction = TestMachine.CodeBase + 8;

    private static TestMachine CompiledLoop()
    {
        var m = new TestMachine(compileThreshold: 1);
        m.Load(Loop);
        m.SetX(3, 10);
        m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
        Assert.Equal(EngineExitReason.Exception, m.Cpu.Run().Reason);
        Assert.True(((InterpreterVcpu)m.Cpu).CountCompiledBlocks() > 0);
        for (int i = 0; i < 4; i++)
        {
            m.SetX(i, 0);
        }

        m.SetX(3, 100);
        m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
        return m;
    }

    [Fact]
    public void Breakpoint_InsideCompiledBlock_StopsBeforeTheInstruction()
    {
        using TestMachine m = CompiledLoop();
        m.Cpu.Debugging.SetBreakpoints([ThirdInstruction]);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(EngineExitReason.DebugStop, exit.Reason);
        Assert.Equal(DebugStopKind.Breakpoint, exit.DebugStop);
        Assert.Equal(ThirdInstruction, m.Pc);
        Assert.Equal((1UL, 2UL, 0UL), (m.X(0), m.X(1), m.X(2)));
    }

    [Fact]
    public void Breakpoint_StepOverThenRun_StopsAgainNextIteration()
    {
        using TestMachine m = CompiledLoop();
        m.Cpu.Debugging.SetBreakpoints([ThirdInstruction]);
        m.Cpu.Run();

        m.Cpu.Debugging.SingleStep = true;
        Assert.Equal(DebugStopKind.Step, m.Cpu.Run().DebugStop);
        m.Cpu.Debugging.SingleStep = false;
        EngineExit exit = m.Cpu.Run();

        Assert.Equal(DebugStopKind.Breakpoint, exit.DebugStop);
        Assert.Equal(ThirdInstruction, m.Pc);
        Assert.Equal((2UL, 4UL, 3UL), (m.X(0), m.X(1), m.X(2)));
    }

    [Fact]
    public void Breakpoints_Cleared_RunsToTheEnd()
    {
        using TestMachine m = CompiledLoop();
        m.Cpu.Debugging.SetBreakpoints([ThirdInstruction]);
        m.Cpu.Run();
        m.Cpu.Debugging.SetBreakpoints([]);

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(ExceptionClass.Hvc64, exit.Syndrome.Class);
        Assert.Equal(100UL, m.X(0));
        Assert.Equal(300UL, m.X(2));
    }

    [Fact]
    public void SingleStep_CompiledLoop_ExecutesExactlyOneInstructionPerRun()
    {
        using TestMachine m = CompiledLoop();
        m.Cpu.Debugging.SingleStep = true;
        ulong[] expectedPc = [4, 8, 12, 16, 0, 4];
        foreach (ulong pc in expectedPc)
        {
            ulong retired = m.Cpu.InstructionsRetired;
            EngineExit exit = m.Cpu.Run();
            Assert.Equal(EngineExitReason.DebugStop, exit.Reason);
            Assert.Equal(DebugStopKind.Step, exit.DebugStop);
            Assert.Equal(TestMachine.CodeBase + pc, m.Pc);
            Assert.Equal(retired + 1, m.Cpu.InstructionsRetired);
        }

        Assert.Equal((2UL, 2UL, 1UL), (m.X(0), m.X(1), m.X(2) / 3));
    }

    [Fact]
    public void SingleStep_Hvc_ReturnsTheAgentExit()
    {
        using var m = new TestMachine();
        m.Load([Hvc(0)]);
        m.Cpu.Debugging.SingleStep = true;

        EngineExit exit = m.Cpu.Run();

        Assert.Equal(EngineExitReason.Exception, exit.Reason);
        Assert.Equal(ExceptionClass.Hvc64, exit.Syndrome.Class);
        Assert.Equal(TestMachine.CodeBase + 4, m.Pc);
    }

    [Fact]
    public void WriteVirtualMemory_OverCompiledCode_NewCodeRuns()
    {
        using TestMachine m = CompiledLoop();
        byte[] hvc = BitConverter.GetBytes(Hvc(7));

        Assert.Equal(4, m.Cpu.Debugging.WriteVirtualMemory(TestMachine.CodeBase, hvc));
        EngineExit exit = m.Cpu.Run();

        Assert.Equal(7u, exit.Syndrome.Iss & 0xFFFF);
        byte[] back = new byte[4];
        Assert.Equal(4, m.Cpu.Debugging.ReadVirtualMemory(TestMachine.CodeBase, back));
        Assert.Equal(hvc, back);
    }

    [Fact]
    public void ReadVirtualMemory_OutsideRam_ReadsOnlyWhatIsMapped()
    {
        using var m = new TestMachine();
        byte[] buffer = new byte[16];

        Assert.Equal(0, m.Cpu.Debugging.ReadVirtualMemory(0x1000, buffer));
        Assert.Equal(8, m.Cpu.Debugging.ReadVirtualMemory(TestMachine.RamBase + TestMachine.RamSize - 8, buffer));
    }

    [Fact]
    public void Hlt_SemihostingOff_IsUndefined()
    {
        using var m = new TestMachine();

        EngineExit exit = m.Run(Hlt(0xF000));

        Assert.Equal(0x00UL, m.EsrEl1 >> 26);
        Assert.Equal(TestMachine.CodeBase, m.ElrEl1);
        Assert.Equal(EngineExitReason.Exception, exit.Reason);
    }

    [Fact]
    public void Hlt_F000_SemihostingOn_ExitsWithPcAtTheHlt()
    {
        using var m = new TestMachine(new PartitionOptions(Semihosting: true));

        EngineExit exit = m.Run(AddImm(0, 0, 1), Hlt(0xF000));

        Assert.Equal(EngineExitReason.SemihostingCall, exit.Reason);
        Assert.Equal(TestMachine.CodeBase + 4, m.Pc);
        Assert.Equal(1UL, m.Cpu.InstructionsRetired);
    }

    [Fact]
    public void Hlt_OtherImmediate_SemihostingOn_IsUndefined()
    {
        using var m = new TestMachine(new PartitionOptions(Semihosting: true));

        m.Run(Hlt(0x1234));

        Assert.Equal(0x00UL, m.EsrEl1 >> 26);
    }

    private static uint Hlt(ushort imm) => 0xD4400000 | ((uint)imm << 5);
}
