using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests;

public class SystemRegisterValueTests
{
    [Fact]
    public void IdAa64Pfr0_DescribesAArch64OnlyWithGicAndAgents()
    {
        ulong both = new SystemFixture().ReadOk(SysReg.IdAa64Pfr0El1);
        Assert.Equal(0x1100_0000_0100_1111UL, both);
        ulong none = new SystemFixture(hasEl2: false, hasEl3: false).ReadOk(SysReg.IdAa64Pfr0El1);
        Assert.Equal(0x1100_0000_0100_0011UL, none);
    }

    [Theory]
    [InlineData("ID_AA64MMFR0_EL1", 0x0F00_0022UL)]
    [InlineData("ID_AA64MMFR1_EL1", 0x0010_0000UL)]
    [InlineData("ID_AA64MMFR2_EL1", 0UL)]
    [InlineData("ID_AA64ISAR0_EL1", 0UL)]
    [InlineData("ID_AA64ISAR1_EL1", 0UL)]
    [InlineData("ID_AA64PFR1_EL1", 0UL)]
    [InlineData("ID_AA64ZFR0_EL1", 0UL)]
    [InlineData("ID_AA64SMFR0_EL1", 0UL)]
    [InlineData("ID_AA64DFR0_EL1", 0x1030_5106UL)]
    [InlineData("ID_PFR0_EL1", 0UL)]
    [InlineData("MVFR0_EL1", 0UL)]
    [InlineData("CLIDR_EL1", 0x0A20_0023UL)]
    [InlineData("REVIDR_EL1", 0UL)]
    [InlineData("AIDR_EL1", 0UL)]
    public void IdRegister_ReadsCortexA72ClassValue(string name, ulong expected)
    {
        var f = new SystemFixture();
        Assert.Equal(expected, f.ReadOk(SystemRegisterTable.ByName[name].Encoding));
    }

    [Fact]
    public void IdSpace_EveryUnnamedEncoding_ReadsZero()
    {
        var f = new SystemFixture();
        for (byte crm = 1; crm <= 7; crm++)
        {
            for (byte op2 = 0; op2 <= 7; op2++)
            {
                var encoding = new SystemRegisterEncoding(3, 0, 0, crm, op2);
                Assert.Equal(SysRegAccess.Ok, f.Registers.Read(f.Cpu, encoding.Key, out ulong value));
                if (encoding != SysReg.IdAa64Pfr0El1 && encoding != SysReg.IdAa64Dfr0El1 && encoding != SysReg.IdAa64Mmfr0El1
                    && encoding != SysReg.IdAa64Mmfr1El1)
                {
                    Assert.Equal(0UL, value);
                }
            }
        }
    }

    [Fact]
    public void Midr_AtEl1WithEl2_ReadsVpidrEl2AndAgentSeesRealValue()
    {
        var f = new SystemFixture();
        Assert.Equal(0x410F_D083UL, f.ReadOk(SysReg.MidrEl1));
        f.Agent(SysReg.VpidrEl2, 0x0000_0001);
        Assert.Equal(1UL, f.ReadOk(SysReg.MidrEl1));
        Assert.Equal(0x410F_D083UL, f.AgentRead(SysReg.MidrEl1));
    }

    [Fact]
    public void Mpidr_HasAff0FromIndexAndRes1Bit31()
    {
        var f = new SystemFixture(index: 5);
        Assert.Equal(0x8000_0005UL, f.ReadOk(SysReg.MpidrEl1));
        f.Agent(SysReg.VmpidrEl2, 0x0000_0103);
        Assert.Equal(0x8000_0103UL, f.ReadOk(SysReg.MpidrEl1));
        Assert.Equal(0x8000_0105UL, CpuIdentity.DefaultMpidr(0x105));
    }

    [Fact]
    public void IdRegisters_AgreeAcrossVcpus()
    {
        var a = new SystemFixture(index: 0);
        var b = new SystemFixture(index: 7);
        foreach (SystemRegisterDefinition row in SystemRegisterTable.Definitions)
        {
            if (row.Kind == SystemRegisterKind.Constant)
            {
                Assert.Equal(a.AgentRead(row.Encoding), b.AgentRead(row.Encoding));
            }
        }
    }

    [Fact]
    public void Ccsidr_FollowsCsselr()
    {
        var f = new SystemFixture();
        Assert.Equal(0x701F_E00AUL, f.ReadOk(SysReg.CcsidrEl1));
        f.WriteOk(SysReg.CsselrEl1, 1);
        Assert.Equal(0x201F_E012UL, f.ReadOk(SysReg.CcsidrEl1));
        f.WriteOk(SysReg.CsselrEl1, 2);
        Assert.Equal(0x707F_E07AUL, f.ReadOk(SysReg.CcsidrEl1));
    }

    [Fact]
    public void Sctlr_KeepsRes1AndDropsRes0Bits()
    {
        var f = new SystemFixture();
        f.WriteOk(SysReg.SctlrEl1, 0);
        Assert.Equal(0x3050_0980UL, f.Registers.Sctlr);
        f.WriteOk(SysReg.SctlrEl1, ulong.MaxValue);
        Assert.Equal(0x34DD_DB9FUL, f.Registers.Sctlr);
    }

    [Fact]
    public void Write_TranslationRegister_ReportsTranslationEffect()
    {
        var f = new SystemFixture();
        f.Registers.PendingEffects = SystemRegisterEffects.None;
        f.WriteOk(SysReg.TpidrEl1, 1);
        Assert.Equal(SystemRegisterEffects.None, f.Registers.PendingEffects);
        f.WriteOk(SysReg.Ttbr0El1, 0x1000);
        Assert.True(f.Registers.PendingEffects.HasFlag(SystemRegisterEffects.Translation));
        f.WriteOk(SysReg.CntvCtlEl0, 1);
        Assert.True(f.Registers.PendingEffects.HasFlag(SystemRegisterEffects.Timer));
    }

    [Fact]
    public void Write_Ttbr_DropsCnpBit()
    {
        var f = new SystemFixture();
        f.WriteOk(SysReg.Ttbr1El1, 0x0001_0000_4000_1001);
        Assert.Equal(0x0001_0000_4000_1000UL, f.Registers.Ttbr1);
    }

    [Fact]
    public void CurrentElSpSelPan_ReflectPstate()
    {
        var f = new SystemFixture();
        Assert.Equal(4UL, f.ReadOk(SysReg.CurrentEl));
        Assert.Equal(1UL, f.ReadOk(SysReg.SpSel));
        f.WriteOk(SysReg.SpSel, 0);
        Assert.False(f.Cpu.SpSel);
        f.WriteOk(SysReg.Pan, 1UL << 22);
        Assert.True(f.Cpu.Pan);
        Assert.Equal(1UL << 22, f.ReadOk(SysReg.Pan));
    }

    [Fact]
    public void Isr_ComesFromInterpreterSource()
    {
        var f = new SystemFixture();
        Assert.Equal(0UL, f.ReadOk(SysReg.IsrEl1));
        f.Registers.InterruptStatusSource = () => 1UL << 7;
        Assert.Equal(0x80UL, f.ReadOk(SysReg.IsrEl1));
    }

    [Fact]
    public void AgentApi_UnknownOrReadOnly_ThrowsEngineException()
    {
        var f = new SystemFixture();
        Assert.Throws<EngineException>(() => f.AgentRead(new SystemRegisterEncoding(3, 7, 15, 15, 7)));
        Assert.Throws<EngineException>(() => f.Agent(SysReg.IdAa64Pfr0El1, 0));
        Assert.Throws<EngineException>(() => f.AgentRead(SysReg.TlbiVmalle1));
    }

    [Fact]
    public void AgentApi_El2Registers_RoundTrip()
    {
        var f = new SystemFixture();
        f.Agent(SysReg.VbarEl2, 0x8000_0FFF);
        Assert.Equal(0x8000_0800UL, f.AgentRead(SysReg.VbarEl2));
        Assert.Equal(0x33FFUL, f.AgentRead(SysReg.CptrEl2));
        f.Agent(SysReg.SpEl1, 0x4000);
        Assert.Equal(0x4000UL, f.Cpu.SpEl1);
        f.Agent(SysReg.CntvoffEl2, 100);
        Assert.Equal(100UL, f.System.Timers.VirtualOffset);
    }

    [Fact]
    public void Table_NamesAndEncodingsAreUnique()
    {
        Assert.Equal(SystemRegisterTable.Definitions.Length, SystemRegisterTable.Definitions.Select(r => r.Encoding).Distinct().Count());
        Assert.Equal(SystemRegisterTable.Definitions.Length, SystemRegisterTable.ByName.Count);
        Assert.Equal("SCTLR_EL1", SystemRegisterFile.NameOf(SysReg.SctlrEl1));
    }

    [Fact]
    public void Reset_RestoresResetValues()
    {
        var f = new SystemFixture();
        f.WriteOk(SysReg.VbarEl1, 0x1000);
        f.WriteOk(SysReg.CntkctlEl1, 3);
        f.Registers.Reset();
        Assert.Equal(0UL, f.Registers.VbarEl1);
        Assert.Equal(0UL, f.System.Timers.KernelControl);
        Assert.Equal(0x0401UL, f.Registers.Scr);
    }

    [Fact]
    public void TimerRegisters_ThroughFile_UseCounterAndOffset()
    {
        var f = new SystemFixture();
        f.Counter.Now = 10_000;
        f.Agent(SysReg.CntvoffEl2, 4_000);
        Assert.Equal(6_000UL, f.ReadOk(SysReg.CntvctEl0));
        Assert.Equal(10_000UL, f.ReadOk(SysReg.CntpctEl0));
        f.WriteOk(SysReg.CntvTvalEl0, 100);
        Assert.Equal(6_100UL, f.ReadOk(SysReg.CntvCvalEl0));
        f.WriteOk(SysReg.CntvCtlEl0, 1);
        Assert.Equal(10_100UL, f.System.Timers.NextDeadline());
        f.Counter.Now = 10_100;
        Assert.Equal(0b101UL, f.ReadOk(SysReg.CntvCtlEl0));
    }
}
