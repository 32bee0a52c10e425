using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests;

public class SystemRegisterAccessTests
{
    private const ulong HcrTvm = 1UL << 26;
    private const ulong HcrTrvm = 1UL << 30;
    private const ulong HcrTid2 = 1UL << 17;
    private const ulong HcrTid3 = 1UL << 18;
    private const ulong HcrTidcp = 1UL << 20;
    private const ulong HcrTtlb = 1UL << 25;
    private const ulong HcrTdz = 1UL << 28;

    [Fact]
    public void Read_El1RegisterFromEl0_IsUndefined()
    {
        var f = new SystemFixture();
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.SctlrEl1, out _));
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.MidrEl1, out _));
        Assert.Equal(SysRegAccess.Undefined, f.Write(SysReg.VbarEl1, 0));
    }

    [Fact]
    public void Read_UnknownEncoding_IsUndefined()
    {
        var f = new SystemFixture();
        Assert.Equal(SysRegAccess.Undefined, f.Registers.Read(f.Cpu, new SystemRegisterEncoding(3, 1, 5, 5, 5).Key, out _));
        Assert.Equal(SysRegAccess.Undefined, f.Registers.Write(f.Cpu, new SystemRegisterEncoding(2, 7, 7, 7, 7).Key, 1));
    }

    [Fact]
    public void Read_AgentOnlyRegisterFromEl1_IsUndefined()
    {
        var f = new SystemFixture();
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.HcrEl2, out _));
        Assert.Equal(SysRegAccess.Undefined, f.Write(SysReg.ScrEl3, 0));
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.SpEl1, out _));
    }

    [Fact]
    public void Write_ReadOnlyRegister_IsUndefined()
    {
        var f = new SystemFixture();
        Assert.Equal(SysRegAccess.Undefined, f.Write(SysReg.IdAa64Pfr0El1, 0));
        Assert.Equal(SysRegAccess.Undefined, f.Write(SysReg.CurrentEl, 0));
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.OslarEl1, out _));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Access_VmControlRegister_TrapsToEl2UnderTvmOrTrvm(bool isWrite)
    {
        var f = new SystemFixture();
        f.Agent(SysReg.HcrEl2, isWrite ? HcrTvm : HcrTrvm);
        foreach (SystemRegisterEncoding register in new[] { SysReg.SctlrEl1, SysReg.Ttbr0El1, SysReg.Ttbr1El1, SysReg.TcrEl1,
            SysReg.EsrEl1, SysReg.FarEl1, SysReg.Afsr0El1, SysReg.Afsr1El1, SysReg.MairEl1, SysReg.AmairEl1, SysReg.ContextidrEl1 })
        {
            SysRegAccess access = isWrite ? f.Write(register, 0) : f.Read(register, out _);
            Assert.Equal(SysRegAccess.TrapToEl2, access);
            SysRegAccess other = isWrite ? f.Read(register, out _) : f.Write(register, 0);
            Assert.Equal(SysRegAccess.Ok, other);
        }
    }

    [Fact]
    public void Access_VmControlRegisterWithoutEl2_IsNotTrapped()
    {
        var f = new SystemFixture(hasEl2: false);
        f.Agent(SysReg.HcrEl2, HcrTvm);
        Assert.Equal(SysRegAccess.Ok, f.Write(SysReg.SctlrEl1, 0));
        Assert.Equal(0UL, f.Registers.Hcr);
    }

    [Fact]
    public void Access_El2DisabledByScrNs_IsNotTrapped()
    {
        var f = new SystemFixture();
        f.Agent(SysReg.HcrEl2, HcrTvm);
        f.Agent(SysReg.ScrEl3, 1UL << 10); // NS = 0: Secure EL1, where EL2 (pre-v8.4) is not enabled
        Assert.Equal(SysRegAccess.Ok, f.Write(SysReg.TcrEl1, 0));
    }

    [Fact]
    public void Read_IdRegisterUnderTid3_TrapsToEl2IncludingReservedSpace()
    {
        var f = new SystemFixture();
        f.Agent(SysReg.HcrEl2, HcrTid3);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Read(SysReg.IdAa64Mmfr0El1, out _));
        Assert.Equal(SysRegAccess.TrapToEl2, f.Registers.Read(f.Cpu, new SystemRegisterEncoding(3, 0, 0, 7, 6).Key, out _));
        Assert.Equal(SysRegAccess.Ok, f.Read(SysReg.MidrEl1, out _));
    }

    [Fact]
    public void Read_CtrEl0_FollowsUctAtEl0AndTid2()
    {
        var f = new SystemFixture();
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.TrapToEl1, f.Read(SysReg.CtrEl0, out _));
        f.Cpu.CurrentEl = 1;
        f.WriteOk(SysReg.SctlrEl1, 1UL << 15);
        f.Cpu.CurrentEl = 0;
        Assert.Equal(0x8444_C004UL, f.ReadOk(SysReg.CtrEl0));
        f.Agent(SysReg.HcrEl2, HcrTid2);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Read(SysReg.CtrEl0, out _));
    }

    [Theory]
    [InlineData("CNTVCT_EL0", 1UL << 1)]
    [InlineData("CNTPCT_EL0", 1UL << 0)]
    [InlineData("CNTFRQ_EL0", 1UL << 1)]
    [InlineData("CNTV_CTL_EL0", 1UL << 8)]
    [InlineData("CNTP_CVAL_EL0", 1UL << 9)]
    public void Read_TimerRegisterAtEl0_TrapsToEl1UnlessCntkctlEnables(string name, ulong enable)
    {
        var f = new SystemFixture();
        SystemRegisterEncoding register = Encoding(name);
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.TrapToEl1, f.Read(register, out _));
        f.Cpu.CurrentEl = 1;
        f.WriteOk(SysReg.CntkctlEl1, enable);
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.Ok, f.Read(register, out _));
    }

    [Fact]
    public void Read_PhysicalCounterWithEl1PctenClear_TrapsToEl2()
    {
        var f = new SystemFixture();
        Assert.Equal(SysRegAccess.Ok, f.Read(SysReg.CntpctEl0, out _));
        f.Agent(SysReg.CnthctlEl2, 0b10);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Read(SysReg.CntpctEl0, out _));
        Assert.Equal(SysRegAccess.Ok, f.Read(SysReg.CntvctEl0, out _));
        f.Agent(SysReg.CnthctlEl2, 0b01);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Write(SysReg.CntpCtlEl0, 1));
    }

    [Fact]
    public void Access_GicCpuInterface_AlwaysTrapsToEl2ExceptSre()
    {
        var f = new SystemFixture(hasEl2: false);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Read(SysReg.IccIar1El1, out _));
        Assert.Equal(SysRegAccess.TrapToEl2, f.Write(SysReg.IccPmrEl1, 0xF0));
        Assert.Equal(SysRegAccess.TrapToEl2, f.Write(SysReg.IccSgi1rEl1, 1));
        Assert.Equal(SysRegAccess.TrapToEl2, f.Write(SysReg.IccAp1rEl1(0), 0));
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.IccEoir1El1, out _));
        Assert.Equal(0x7UL, f.ReadOk(SysReg.IccSreEl1));
        f.WriteOk(SysReg.IccSreEl1, 0);
        Assert.Equal(0x7UL, f.ReadOk(SysReg.IccSreEl1));
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.IccIar1El1, out _));
    }

    [Fact]
    public void Access_LinuxDebugRegisters_OsLocksRazWi_MdscrStored()
    {
        var f = new SystemFixture();
        f.WriteOk(SysReg.OslarEl1, 0);
        f.WriteOk(SysReg.OsdlrEl1, 1);
        // MDSCR_EL1 holds its controls (software step is implemented); TXfull/RXfull and other bits stay 0.
        f.WriteOk(SysReg.MdscrEl1, 0x8000 | (1UL << 30));
        Assert.Equal(0x8000UL, f.ReadOk(SysReg.MdscrEl1));
        Assert.Equal(0UL, f.ReadOk(SysReg.OsdlrEl1));
        Assert.Equal(0b1000UL, f.ReadOk(SysReg.OslsrEl1));
        f.WriteOk(SysReg.DbgbvrEl1(5), 0x1234);
        Assert.Equal(0x1234UL, f.ReadOk(SysReg.DbgbvrEl1(5)));
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.DbgbvrEl1(6), out _));
    }

    [Fact]
    public void Access_DebugRegistersUnderMdcrTda_TrapToEl2()
    {
        var f = new SystemFixture();
        f.Agent(SysReg.MdcrEl2, 1UL << 9);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Write(SysReg.MdscrEl1, 0));
        Assert.Equal(SysRegAccess.Ok, f.Write(SysReg.OslarEl1, 0));
        f.Agent(SysReg.MdcrEl2, 1UL << 10);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Write(SysReg.OslarEl1, 0));
    }

    [Fact]
    public void Read_ImplementationDefinedUnderTidcp_TrapsToEl2ElseUndefined()
    {
        var f = new SystemFixture();
        ushort key = new SystemRegisterEncoding(3, 1, 15, 2, 0).Key; // CPUACTLR_EL1 on Cortex-A72
        Assert.Equal(SysRegAccess.Undefined, f.Registers.Read(f.Cpu, key, out _));
        f.Agent(SysReg.HcrEl2, HcrTidcp);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Registers.Read(f.Cpu, key, out _));
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.Undefined, f.Registers.Read(f.Cpu, key, out _));
    }

    [Fact]
    public void Access_SpEl0WhileSpSelIsZero_IsUndefined()
    {
        var f = new SystemFixture();
        f.WriteOk(SysReg.SpEl0, 0x1000);
        Assert.Equal(0x1000UL, f.Cpu.SpEl0);
        f.Cpu.SpSel = false;
        Assert.Equal(SysRegAccess.Undefined, f.Read(SysReg.SpEl0, out _));
    }

    [Fact]
    public void Access_FpcrWithFpenTrapping_IsFpTrapInPriorityOrder()
    {
        var f = new SystemFixture();
        Assert.Equal(SysRegAccess.FpTrapToEl1, f.Read(SysReg.Fpcr, out _)); // CPACR_EL1.FPEN resets to 0b00
        f.WriteOk(SysReg.CpacrEl1, 0b01UL << 20);
        Assert.Equal(SysRegAccess.Ok, f.Read(SysReg.Fpcr, out _));
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.FpTrapToEl1, f.Read(SysReg.Fpsr, out _));
        f.Cpu.CurrentEl = 1;
        f.WriteOk(SysReg.CpacrEl1, 0b11UL << 20);
        f.Agent(SysReg.CptrEl2, 1UL << 10);
        Assert.Equal(SysRegAccess.FpTrapToEl2, f.Registers.CheckFpAccess(f.Cpu));
        f.Agent(SysReg.CptrEl2, 0);
        f.Agent(SysReg.CptrEl3, 1UL << 10);
        Assert.Equal(SysRegAccess.FpTrapToEl3, f.Registers.CheckFpAccess(f.Cpu));
        f.Agent(SysReg.CptrEl3, 0);
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.Ok, f.Registers.CheckFpAccess(f.Cpu));
    }

    [Fact]
    public void Write_Fpcr_KeepsOnlyImplementedFields()
    {
        var f = new SystemFixture();
        f.WriteOk(SysReg.CpacrEl1, 0b11UL << 20);
        f.WriteOk(SysReg.Fpcr, ulong.MaxValue);
        Assert.Equal(0x07C0_0000u, f.Cpu.Fpcr);
    }

    [Fact]
    public void Access_TpidrroEl0AtEl0_ReadsButDoesNotWrite()
    {
        var f = new SystemFixture();
        f.WriteOk(SysReg.TpidrroEl0, 42);
        f.Cpu.CurrentEl = 0;
        Assert.Equal(42UL, f.ReadOk(SysReg.TpidrroEl0));
        Assert.Equal(SysRegAccess.Undefined, f.Write(SysReg.TpidrroEl0, 1));
        f.WriteOk(SysReg.TpidrEl0, 7);
        Assert.Equal(7UL, f.Registers.TpidrEl0);
    }

    [Fact]
    public void Access_DaifAtEl0_FollowsUma()
    {
        var f = new SystemFixture();
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.TrapToEl1, f.Write(SysReg.Daif, 0));
        f.Cpu.CurrentEl = 1;
        f.WriteOk(SysReg.SctlrEl1, 1UL << 9);
        f.Cpu.CurrentEl = 0;
        f.WriteOk(SysReg.Daif, 0x80);
        Assert.Equal(0x80u, f.Cpu.Daif);
        Assert.True(f.Registers.PendingEffects.HasFlag(SystemRegisterEffects.Pstate));
    }

    [Fact]
    public void CheckInstruction_DcZva_FollowsDzeAndTdz()
    {
        var f = new SystemFixture();
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.TrapToEl1, f.Registers.CheckInstruction(f.Cpu, SysReg.DcZva.Key, out _));
        Assert.Equal(0x14UL, f.ReadOk(SysReg.DczidEl0)); // DZP = 1 at EL0 while DZE = 0
        f.Cpu.CurrentEl = 1;
        f.WriteOk(SysReg.SctlrEl1, 1UL << 14);
        Assert.Equal(SysRegAccess.Ok, f.Registers.CheckInstruction(f.Cpu, SysReg.DcZva.Key, out SystemOperation operation));
        Assert.Equal(SystemOperation.DataCacheZeroByVa, operation);
        Assert.Equal(0x4UL, f.ReadOk(SysReg.DczidEl0));
        f.Agent(SysReg.HcrEl2, HcrTdz);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Registers.CheckInstruction(f.Cpu, SysReg.DcZva.Key, out _));
        Assert.Equal(0x14UL, f.ReadOk(SysReg.DczidEl0));
    }

    [Fact]
    public void CheckInstruction_TlbiAtEl0IsUndefinedAndTtlbTraps()
    {
        var f = new SystemFixture();
        Assert.Equal(SysRegAccess.Ok, f.Registers.CheckInstruction(f.Cpu, SysReg.TlbiVae1is.Key, out SystemOperation op));
        Assert.Equal(SystemOperation.TlbInvalidateByVa, op);
        f.Agent(SysReg.HcrEl2, HcrTtlb);
        Assert.Equal(SysRegAccess.TrapToEl2, f.Registers.CheckInstruction(f.Cpu, SysReg.TlbiVmalle1.Key, out _));
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.Undefined, f.Registers.CheckInstruction(f.Cpu, SysReg.TlbiVmalle1.Key, out _));
        Assert.Equal(SysRegAccess.Undefined, f.Registers.CheckInstruction(f.Cpu, SysReg.SctlrEl1.Key, out _));
        Assert.Equal(SysRegAccess.Undefined, f.Registers.Read(f.Cpu, SysReg.TlbiVmalle1.Key, out _));
    }

    [Fact]
    public void CheckInstruction_CacheMaintenanceAtEl0_FollowsUci()
    {
        var f = new SystemFixture();
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.TrapToEl1, f.Registers.CheckInstruction(f.Cpu, SysReg.IcIvau.Key, out _));
        Assert.Equal(SysRegAccess.Undefined, f.Registers.CheckInstruction(f.Cpu, SysReg.DcIvac.Key, out _));
        f.Cpu.CurrentEl = 1;
        f.WriteOk(SysReg.SctlrEl1, 1UL << 26);
        f.Cpu.CurrentEl = 0;
        Assert.Equal(SysRegAccess.Ok, f.Registers.CheckInstruction(f.Cpu, SysReg.DcCivac.Key, out _));
    }

    [Fact]
    public void Write_CntfrqEl0_IsWritableOnlyWhenEl1IsHighest()
    {
        var withAgents = new SystemFixture();
        Assert.Equal(SysRegAccess.Undefined, withAgents.Write(SysReg.CntfrqEl0, 1));
        Assert.Equal(62_500_000UL, withAgents.ReadOk(SysReg.CntfrqEl0));
        var bare = new SystemFixture(hasEl2: false, hasEl3: false);
        bare.WriteOk(SysReg.CntfrqEl0, 24_000_000);
        Assert.Equal(24_000_000UL, bare.Registers.CounterFrequency);
    }

    private static SystemRegisterEncoding Encoding(string name) =>
        SystemRegisterTable.ByName[name].Encoding;
}
