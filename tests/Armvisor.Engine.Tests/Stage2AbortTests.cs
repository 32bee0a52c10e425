using Armvisor.Engine;
using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>
/// An IPA outside RAM leaves Run as a stage-2 abort to EL2 with the instruction syndrome an MMIO emulator needs
/// (DDI0487 D24.2.40: ISV, SAS, SSE, SRT, SF, WnR, DFSC), PC at the faulting instruction.
/// </summary>
public sealed class Stage2AbortTests
{
    private const ulong Mmio = 0x0900_0000;

    [Fact]
    public void Ldr_Doubleword_ExitsWithValidSyndrome()
    {
        using var m = new TestMachine();
        m.SetX(1, Mmio + 0x18);
        EngineExit exit = m.Run(Nop(), LdrImm(5, 1, 0), Hvc(0));
        Assert.Equal(EngineExitReason.Exception, exit.Reason);
        Assert.Equal(2, exit.TargetExceptionLevel);
        Assert.Equal(ExceptionClass.DataAbortLowerEl, exit.Syndrome.Class);
        DataAbortIss iss = exit.Syndrome.DataAbort;
        Assert.True(iss.IsValid);
        Assert.Equal(AccessSize.Doubleword, iss.Size);
        Assert.Equal(5, iss.Register);
        Assert.True(iss.Is64BitRegister);
        Assert.False(iss.SignExtend);
        Assert.False(iss.IsWrite);
        Assert.Equal(FaultStatusCode.TranslationLevel3, iss.StatusCode);
        Assert.Equal(Mmio + 0x18, exit.FaultVirtualAddress);
        Assert.Equal(Mmio + 0x18, exit.FaultIpa.Value);
        Assert.Equal(TestMachine.CodeBase + 4, m.Pc);
    }

    [Fact]
    public void Strb_Word_ExitsWithWriteSyndrome()
    {
        using var m = new TestMachine();
        m.SetX(1, Mmio);
        EngineExit exit = m.Run(StrImm(2, 1, 0, size: 0), Hvc(0));
        DataAbortIss iss = exit.Syndrome.DataAbort;
        Assert.True(iss.IsValid);
        Assert.Equal(AccessSize.Byte, iss.Size);
        Assert.Equal(2, iss.Register);
        Assert.False(iss.Is64BitRegister);
        Assert.True(iss.IsWrite);
    }

    [Fact]
    public void Ldrsh_ToX_SetsSignExtendAndSixtyFourBit()
    {
        using var m = new TestMachine();
        m.SetX(1, Mmio);
        EngineExit exit = m.Run(0x79800023u /* LDRSH X3, [X1] */, Hvc(0));
        DataAbortIss iss = exit.Syndrome.DataAbort;
        Assert.True(iss.IsValid);
        Assert.Equal(AccessSize.Halfword, iss.Size);
        Assert.True(iss.SignExtend);
        Assert.True(iss.Is64BitRegister);
        Assert.Equal(3, iss.Register);
    }

    [Fact]
    public void Ldar_SetsAcquireRelease()
    {
        using var m = new TestMachine();
        m.SetX(1, Mmio);
        EngineExit exit = m.Run(Ldar(0, 1), Hvc(0));
        Assert.True(exit.Syndrome.DataAbort.IsValid);
        Assert.True(exit.Syndrome.DataAbort.AcquireRelease);
    }

    [Theory]
    [InlineData(0xA9400820u)] // LDP X0, X2, [X1]
    [InlineData(0xF8408420u)] // LDR X0, [X1], #8 (write-back)
    [InlineData(0x3DC00020u)] // LDR Q0, [X1] (SIMD&FP)
    public void PairsWriteBackAndSimd_ReportInvalidSyndrome(uint instruction)
    {
        using var m = new TestMachine();
        m.SetX(1, Mmio);
        EngineExit exit = m.Run(instruction, Hvc(0));
        Assert.Equal(ExceptionClass.DataAbortLowerEl, exit.Syndrome.Class);
        Assert.False(exit.Syndrome.DataAbort.IsValid);
        Assert.Equal(Mmio, exit.FaultIpa.Value);
        Assert.Equal(Mmio, m.X(1));
    }

    [Fact]
    public void InstructionFetchOutsideRam_ExitsWithInstructionAbort()
    {
        using var m = new TestMachine();
        m.SetX(1, Mmio);
        EngineExit exit = m.Run(Br(1));
        Assert.Equal(ExceptionClass.InstructionAbortLowerEl, exit.Syndrome.Class);
        Assert.Equal(2, exit.TargetExceptionLevel);
        Assert.Equal(Mmio, exit.FaultIpa.Value);
        Assert.Equal(Mmio, m.Pc);
    }

    [Fact]
    public void MmioLoad_AgentCompletesAndResumes_ContinuesAfterInstruction()
    {
        using var m = new TestMachine();
        m.SetX(1, Mmio);
        EngineExit exit = m.Run(LdrImm(0, 1, 0, size: 2), AddImm(0, 0, 1), Hvc(7));
        int rt = exit.Syndrome.DataAbort.Register;
        m.SetX(rt, 41);
        m.Cpu.SetRegister(Arm64Register.Pc, m.Pc + 4);
        exit = m.Cpu.Run();
        Assert.Equal(7u, exit.Syndrome.Iss);
        Assert.Equal(42UL, m.X(0));
    }
}
