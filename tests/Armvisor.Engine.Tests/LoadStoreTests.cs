using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>Loads and stores in every addressing mode (DDI0487 C4.1.88), with write-back and sign extension.</summary>
public sealed class LoadStoreTests
{
    private const ulong Data = TestMachine.DataBase;

    private static TestMachine WithData(params ulong[] doublewords)
    {
        var m = new TestMachine();
        for (int i = 0; i < doublewords.Length; i++)
        {
            m.Ram.Write(new GuestPhysicalAddress(Data + ((ulong)i * 8)), doublewords[i]);
        }

        m.SetX(1, Data);
        return m;
    }

    [Fact]
    public void LdrStr_UnsignedOffset_ScalesImmediate()
    {
        using TestMachine m = WithData(0x1111, 0x2222);
        m.Run(LdrImm(0, 1, 8), StrImm(0, 1, 16), Hvc(0));
        Assert.Equal(0x2222UL, m.X(0));
        Assert.Equal(0x2222UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Data + 16)));
    }

    [Fact]
    public void Ldr_PreIndex_WritesBackBeforeAccess()
    {
        using TestMachine m = WithData(0x1111, 0x2222);
        m.Run(LdrIndexed(0, 1, 8, pre: true), Hvc(0));
        Assert.Equal(0x2222UL, m.X(0));
        Assert.Equal(Data + 8, m.X(1));
    }

    [Fact]
    public void Ldr_PostIndex_AccessesThenWritesBack()
    {
        using TestMachine m = WithData(0x1111, 0x2222);
        m.Run(LdrIndexed(0, 1, -8, pre: false), Hvc(0));
        Assert.Equal(0x1111UL, m.X(0));
        Assert.Equal(Data - 8, m.X(1));
    }

    [Fact]
    public void Str_PreIndexOnSp_UpdatesStackPointer()
    {
        using var m = new TestMachine();
        uint[] code = [.. MovImm64(2, Data + 0x100), AddImm(Sp, 2, 0), MovZ(3, 0x77), StrIndexed(3, Sp, -16, pre: true), AddImm(4, Sp, 0), Hvc(0)];
        m.Run(code);
        Assert.Equal(Data + 0xF0, m.X(4));
        Assert.Equal(0x77UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Data + 0xF0)));
    }

    [Fact]
    public void Ldur_NegativeUnscaledOffset()
    {
        using TestMachine m = WithData(0x1122_3344_5566_7788UL, 0);
        m.SetX(1, Data + 3);
        m.Run(Ldur(0, 1, -3), Hvc(0));
        Assert.Equal(0x1122_3344_5566_7788UL, m.X(0));
    }

    [Fact]
    public void Ldr_RegisterOffsetLslScaled()
    {
        using TestMachine m = WithData(1, 2, 3, 4);
        m.SetX(2, 3);
        m.Run(LdrReg(0, 1, 2, option: 3, scaled: true), Hvc(0));
        Assert.Equal(4UL, m.X(0));
    }

    [Fact]
    public void Ldrsw_RegisterOffsetSxtw_SignExtendsIndexAndValue()
    {
        using TestMachine m = WithData(0xFFFF_FFFE_0000_0000UL);
        m.SetX(1, Data + 8);
        m.SetX(2, 0xFFFF_FFFF); // W2 = -1, scaled by 4: offset -4
        m.Run(0xB8A2D820u, Hvc(0)); // LDRSW X0, [X1, W2, SXTW #2]
        Assert.Equal(0xFFFF_FFFF_FFFF_FFFEUL, m.X(0));
    }

    [Fact]
    public void LoadByteAndHalfword_ZeroAndSignExtend()
    {
        using TestMachine m = WithData(0x0000_0000_0000_80F0UL);
        // LDRB W0, [X1]; LDRSB X2, [X1]; LDRSH W3, [X1]; LDRH W4, [X1]
        m.Run(LdrImm(0, 1, 0, size: 0), 0x39800022u, 0x79C00023u, LdrImm(4, 1, 0, size: 1), Hvc(0));
        Assert.Equal(0xF0UL, m.X(0));
        Assert.Equal(0xFFFF_FFFF_FFFF_FFF0UL, m.X(2));
        Assert.Equal(0xFFFF_80F0UL, m.X(3));
        Assert.Equal(0x80F0UL, m.X(4));
    }

    [Fact]
    public void LdpStp_PreAndPostIndex()
    {
        using TestMachine m = WithData(0, 0, 0, 0);
        m.SetX(2, 0xAAAA);
        m.SetX(3, 0xBBBB);
        m.Run(Stp(2, 3, 1, 16, mode: 3), Ldp(4, 5, 1, 16, mode: 1), Hvc(0));
        Assert.Equal(0xAAAAUL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Data + 16)));
        Assert.Equal(0xBBBBUL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Data + 24)));
        Assert.Equal(0xAAAAUL, m.X(4));
        Assert.Equal(0xBBBBUL, m.X(5));
        Assert.Equal(Data + 32, m.X(1));
    }

    [Fact]
    public void LdrQ_StrQ_MoveAll128Bits()
    {
        using TestMachine m = WithData(0x0123_4567_89AB_CDEFUL, 0xFEDC_BA98_7654_3210UL);
        // LDR Q0, [X1]; STR Q0, [X1, #16]
        m.Run(0x3DC00020u, 0x3D800420u, Hvc(0));
        Assert.Equal(new UInt128(0xFEDC_BA98_7654_3210UL, 0x0123_4567_89AB_CDEFUL), m.Cpu.GetVectorRegister(0));
        Assert.Equal(0xFEDC_BA98_7654_3210UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Data + 24)));
    }

    [Fact]
    public void LdrD_ZeroesUpperHalfOfVector()
    {
        using TestMachine m = WithData(0x42);
        m.Cpu.SetVectorRegister(3, UInt128.MaxValue);
        m.Run(0xFD400023u, Hvc(0)); // LDR D3, [X1]
        Assert.Equal((UInt128)0x42, m.Cpu.GetVectorRegister(3));
    }

    [Fact]
    public void LdrLiteral_ReadsPcRelative()
    {
        using var m = new TestMachine();
        m.Run(0x58000040u /* LDR X0, #8 */, Hvc(0), 0x89AB_CDEF, 0x0123_4567);
        Assert.Equal(0x0123_4567_89AB_CDEFUL, m.X(0));
    }

    [Fact]
    public void Ldr_UnalignedWithMmuOff_TakesAlignmentFault()
    {
        // With the MMU off data is Device memory and an unaligned access takes an Alignment fault (DDI0487 B2.5.2).
        using TestMachine m = WithData(0);
        m.SetX(1, Data + 1);
        EngineExit exit = m.Run(LdrImm(0, 1, 0), Hvc(0));
        Assert.Equal(4, TestMachine.VectorSlot(exit));
        var esr = new ExceptionSyndrome(m.EsrEl1);
        Assert.Equal(ExceptionClass.DataAbortSameEl, esr.Class);
        Assert.Equal(FaultStatusCode.Alignment, esr.DataAbort.StatusCode);
        Assert.Equal(Data + 1, m.FarEl1);
    }

    [Fact]
    public void Ldr_MisalignedSpWithSctlrSa_TakesSpAlignmentFault()
    {
        using var m = new TestMachine();
        m.SetSysReg(3, 0, 1, 0, 0, m.SysReg(3, 0, 1, 0, 0) | (1UL << 3)); // SCTLR_EL1.SA
        uint[] code = [.. MovImm64(2, Data + 8), AddImm(Sp, 2, 0), LdrImm(0, Sp, 0), Hvc(0)];
        EngineExit exit = m.Run(code);
        Assert.Equal(4, TestMachine.VectorSlot(exit));
        Assert.Equal(ExceptionClass.SpAlignment, new ExceptionSyndrome(m.EsrEl1).Class);
    }

    [Fact]
    public void DcZva_ZeroesAligned64ByteBlock()
    {
        using TestMachine m = WithData(1, 2, 3, 4, 5, 6, 7, 8, 9);
        m.SetX(1, Data + 0x28);
        m.Run(Sys(3, 7, 4, 1, 1), Hvc(0));
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(0UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Data + ((ulong)i * 8))));
        }

        Assert.Equal(9UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(Data + 64)));
    }
}
