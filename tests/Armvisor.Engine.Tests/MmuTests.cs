using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>Stage 1 through the soft TLB: cached translations, precise TLBI, stage-1 fault codes, AT.</summary>
public sealed class MmuTests
{
    private const ulong Table = TestMachine.RamBase + 0x18_0000;
    private const ulong Alias = 0x8000_0000;

    /// <summary>
    /// TTBR0 with T0SZ = 25 (39-bit VA, walks start at level 1, DDI0487 D8.2): L1[1] maps 0x4000_0000 onto itself,
    /// L1[2] maps 0x8000_0000 onto RAM too (1 GB blocks, Normal write-back, EL1 read/write, AF set).
    /// </summary>
    private static TestMachine WithMmu()
    {
        var m = new TestMachine();
        const ulong block = (1UL << 10) | (3UL << 8) | 0b01; // AF, inner shareable, AttrIndx 0, block
        m.Ram.Write(new GuestPhysicalAddress(Table + 8), TestMachine.RamBase | block);
        m.Ram.Write(new GuestPhysicalAddress(Table + 16), TestMachine.RamBase | block);
        m.SetSysReg(3, 0, 10, 2, 0, 0xFF); // MAIR_EL1: Attr0 Normal write-back
        m.SetSysReg(3, 0, 2, 0, 2, 25 | (1UL << 23) | (2UL << 32)); // TCR_EL1: T0SZ 25, EPD1, IPS 40 bits
        m.SetSysReg(3, 0, 2, 0, 0, Table); // TTBR0_EL1
        m.SetSysReg(3, 0, 1, 0, 0, m.SysReg(3, 0, 1, 0, 0) | 1); // SCTLR_EL1.M
        return m;
    }

    [Fact]
    public void ChangedDescriptor_UsedOnlyAfterTlbi()
    {
        using TestMachine m = WithMmu();
        m.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase), 0xA5A5UL);
        m.SetX(1, Alias + 0x10_0000);
        m.SetX(2, Table + 16);
        EngineExit exit = m.Run(
            LdrImm(0, 1, 0), StrImm(Zr, 2, 0), LdrImm(3, 1, 0), Sys(0, 8, 7, 0, Zr) /* TLBI VMALLE1 */, DmbIsh(), Isb(),
            LdrImm(4, 1, 0), Hvc(0));
        Assert.Equal(0xA5A5UL, m.X(0));
        Assert.Equal(0xA5A5UL, m.X(3)); // still cached before the TLBI
        Assert.Equal(4, TestMachine.VectorSlot(exit));
        var esr = new ExceptionSyndrome(m.EsrEl1);
        Assert.Equal(ExceptionClass.DataAbortSameEl, esr.Class);
        Assert.Equal(FaultStatusCode.TranslationLevel1, esr.DataAbort.StatusCode);
        Assert.Equal(Alias + 0x10_0000, m.FarEl1);
    }

    [Fact]
    public void TlbiByVa_DropsOnlyThatPage()
    {
        using TestMachine m = WithMmu();
        m.SetX(1, Alias + 0x10_0000);
        m.SetX(2, Table + 16);
        m.SetX(5, (Alias + 0x10_0000) >> 12);
        m.SetX(6, Alias + 0x10_1000);
        // Warm two pages, invalidate the descriptor, TLBI VAAE1 for the first page only: the second still hits.
        EngineExit exit = m.Run(
            LdrImm(0, 1, 0), LdrImm(0, 6, 0), StrImm(Zr, 2, 0), Sys(0, 8, 7, 3, 5), Isb(), LdrImm(7, 6, 0), LdrImm(8, 1, 0), Hvc(0));
        Assert.Equal(4, TestMachine.VectorSlot(exit));
        Assert.Equal(Alias + 0x10_0000, m.FarEl1);
    }

    [Fact]
    public void AtS1e1r_WritesParWithPhysicalAddress()
    {
        using TestMachine m = WithMmu();
        m.SetX(1, Alias + 0x12_3456);
        m.Run(Sys(0, 7, 8, 0, 1) /* AT S1E1R, X1 */, Isb(), Mrs(0, 3, 0, 7, 4, 0) /* PAR_EL1 */, Hvc(0));
        Assert.Equal(0UL, m.X(0) & 1); // F = 0
        Assert.Equal(TestMachine.RamBase + 0x12_3000, m.X(0) & 0xFF_FFFF_F000UL);
    }

    [Fact]
    public void Fetch_FromAliasMapping_ExecutesSameCode()
    {
        using TestMachine m = WithMmu();
        m.Load([MovZ(0, 0x77), Hvc(0)], TestMachine.CodeBase + 0x300);
        m.SetX(1, Alias + 0x300);
        m.Run(Br(1));
        Assert.Equal(0x77UL, m.X(0));
        Assert.Equal(Alias + 0x308, m.Pc);
    }
}
