using System.Collections.Frozen;
using System.Collections.Immutable;
using Armvisor.Arm64;

namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The one declaration of every System register and System instruction the engine implements: encoding, kind,
/// reset value and masks, EL0 rule and trap routing. Everything else (lookup, access checks, the agent API) is
/// derived from it. Encodings not declared here are UNDEFINED (DDI0487 D1.14 / C5.3), except the reserved ID space,
/// which is generated as RAZ rows because the architecture allocates it as RAZ (DDI0487 D24.1.2 "Reserved ID registers").
/// </summary>
internal static partial class SystemRegisterTable
{
    private const SystemRegisterTraps Vm = SystemRegisterTraps.VirtualMemoryControl;

    private static readonly short[] s_indexByKey = new short[ushort.MaxValue + 1];

    /// <summary>Every row, in declaration order.</summary>
    public static ImmutableArray<SystemRegisterDefinition> Definitions { get; }

    /// <summary>Rows by Arm mnemonic.</summary>
    public static FrozenDictionary<string, SystemRegisterDefinition> ByName { get; }

    /// <summary>Number of values a register file holds (stored and constant registers).</summary>
    public static int StorageCount { get; }

    static SystemRegisterTable()
    {
        var rows = new List<SystemRegisterDefinition>();
        DeclareIdentification(rows);
        DeclareEl1(rows);
        DeclareTimers(rows);
        DeclareGic(rows);
        DeclareDebugAndPmu(rows);
        DeclarePerformanceMonitors(rows);
        DeclareAgents(rows);
        DeclareAArch32(rows);
        DeclareInstructions(rows);
        DeclareReservedIdSpace(rows);

        int next = (int)SystemRegisterSlot.Count;
        for (int i = 0; i < rows.Count; i++)
        {
            SystemRegisterDefinition row = rows[i];
            if (row.Kind is SystemRegisterKind.Storage or SystemRegisterKind.Constant)
            {
                rows[i] = row with { StorageIndex = row.Slot is { } slot ? (int)slot : next++ };
            }

            ushort key = row.Encoding.Key;
            if (s_indexByKey[key] != 0)
            {
                throw new InvalidOperationException($"System register table declares {row.Encoding} twice ({row.Name}).");
            }

            s_indexByKey[key] = (short)(i + 1);
        }

        Definitions = [.. rows];
        StorageCount = next;
        ByName = rows.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);
    }

    /// <summary>The row for <paramref name="key"/> (<see cref="SystemRegisterEncoding.Key"/>), or null when unallocated.</summary>
    public static SystemRegisterDefinition? Find(ushort key)
    {
        int index = s_indexByKey[key];
        return index == 0 ? null : Definitions[index - 1];
    }

    private static void DeclareIdentification(List<SystemRegisterDefinition> rows)
    {
        rows.Add(Special("MIDR_EL1", SysReg.MidrEl1, SpecialRegister.Midr, write: false));
        rows.Add(Special("MPIDR_EL1", SysReg.MpidrEl1, SpecialRegister.Mpidr, write: false));
        rows.Add(Id("REVIDR_EL1", SysReg.RevidrEl1, SystemRegisterTraps.Tid1, _ => 0));
        rows.Add(Id("AIDR_EL1", SysReg.AidrEl1, SystemRegisterTraps.Tid1, _ => 0));
        rows.Add(Id("ID_AA64PFR0_EL1", SysReg.IdAa64Pfr0El1, SystemRegisterTraps.Tid3, IdRegisterValues.Aa64Pfr0));
        rows.Add(Id("ID_AA64PFR1_EL1", SysReg.IdAa64Pfr1El1, SystemRegisterTraps.Tid3, _ => 0));
        rows.Add(Id("ID_AA64ZFR0_EL1", SysReg.IdAa64Zfr0El1, SystemRegisterTraps.Tid3, _ => 0));
        rows.Add(Id("ID_AA64SMFR0_EL1", SysReg.IdAa64Smfr0El1, SystemRegisterTraps.Tid3, _ => 0));
        rows.Add(Id("ID_AA64DFR0_EL1", SysReg.IdAa64Dfr0El1, SystemRegisterTraps.Tid3, _ => IdRegisterValues.Aa64Dfr0));
        rows.Add(Id("ID_AA64DFR1_EL1", SysReg.IdAa64Dfr1El1, SystemRegisterTraps.Tid3, _ => 0));
        rows.Add(Id("ID_AA64AFR0_EL1", SysReg.IdAa64Afr0El1, SystemRegisterTraps.Tid3, _ => 0));
        rows.Add(Id("ID_AA64AFR1_EL1", SysReg.IdAa64Afr1El1, SystemRegisterTraps.Tid3, _ => 0));
        rows.Add(Id("ID_AA64ISAR0_EL1", SysReg.IdAa64Isar0El1, SystemRegisterTraps.Tid3, _ => IdRegisterValues.Aa64Isar0));
        rows.Add(Id("ID_AA64ISAR1_EL1", SysReg.IdAa64Isar1El1, SystemRegisterTraps.Tid3, _ => 0));
        rows.Add(Id("ID_AA64ISAR2_EL1", SysReg.IdAa64Isar2El1, SystemRegisterTraps.Tid3, _ => 0));
        rows.Add(Id("ID_AA64MMFR0_EL1", SysReg.IdAa64Mmfr0El1, SystemRegisterTraps.Tid3, _ => IdRegisterValues.Aa64Mmfr0));
        rows.Add(Id("ID_AA64MMFR1_EL1", SysReg.IdAa64Mmfr1El1, SystemRegisterTraps.Tid3, _ => IdRegisterValues.Aa64Mmfr1));
        rows.Add(Id("ID_AA64MMFR2_EL1", SysReg.IdAa64Mmfr2El1, SystemRegisterTraps.Tid3, _ => 0));

        // AArch32 ID registers: UNKNOWN on a PE without AArch32 (DDI0487 D24.2, e.g. ID_PFR0_EL1); zero, like KVM. An
        // AArch32 EL1 (a Cortex-A15) reads the Cortex-A15's values.
        string[] aarch32 =
        [
            "ID_PFR0_EL1", "ID_PFR1_EL1", "ID_DFR0_EL1", "ID_AFR0_EL1", "ID_MMFR0_EL1", "ID_MMFR1_EL1", "ID_MMFR2_EL1", "ID_MMFR3_EL1",
            "ID_ISAR0_EL1", "ID_ISAR1_EL1", "ID_ISAR2_EL1", "ID_ISAR3_EL1", "ID_ISAR4_EL1", "ID_ISAR5_EL1", "ID_MMFR4_EL1", "ID_ISAR6_EL1",
            "MVFR0_EL1", "MVFR1_EL1", "MVFR2_EL1",
        ];
        for (int i = 0; i < aarch32.Length; i++)
        {
            var encoding = new SystemRegisterEncoding(3, 0, 0, (byte)(1 + (i / 8)), (byte)(i % 8));
            int index = i;
            rows.Add(Id(aarch32[i], encoding, SystemRegisterTraps.Tid3,
                id => id.Options.AArch32El1 ? AArch32.System.CortexA15IdRegisterValues.AArch32IdRegister(index) : 0));
        }

        rows.Add(Special("CCSIDR_EL1", SysReg.CcsidrEl1, SpecialRegister.Ccsidr, write: false, traps: SystemRegisterTraps.Tid2));
        rows.Add(Id("CLIDR_EL1", SysReg.ClidrEl1, SystemRegisterTraps.Tid2,
            id => id.Options.AArch32El1 ? AArch32.System.CortexA15IdRegisterValues.Clidr : IdRegisterValues.Clidr));
        rows.Add(Stored("CSSELR_EL1", SysReg.CsselrEl1, SystemRegisterSlot.CsselrEl1, SystemRegisterTraps.Tid2, writable: 0xF));
        rows.Add(Id("CTR_EL0", SysReg.CtrEl0, SystemRegisterTraps.Tid2, _ => IdRegisterValues.Ctr) with { El0 = El0AccessRule.Uct });
        rows.Add(Special("DCZID_EL0", SysReg.DczidEl0, SpecialRegister.Dczid, write: false, el0: El0AccessRule.Always));
    }

    private static void DeclareEl1(List<SystemRegisterDefinition> rows)
    {
        const SystemRegisterEffects translation = SystemRegisterEffects.Translation;
        rows.Add(Stored("SCTLR_EL1", SysReg.SctlrEl1, SystemRegisterSlot.SctlrEl1, Vm, SctlrBits.Reset, SctlrBits.Writable, SctlrBits.Res1,
            translation | SystemRegisterEffects.TrapControls));
        rows.Add(RazWi("ACTLR_EL1", SysReg.ActlrEl1, SystemRegisterTraps.Tacr));
        rows.Add(Stored("CPACR_EL1", SysReg.CpacrEl1, SystemRegisterSlot.CpacrEl1, writable: 0b11UL << 20,
            effects: SystemRegisterEffects.TrapControls));
        rows.Add(Stored("TTBR0_EL1", SysReg.Ttbr0El1, SystemRegisterSlot.Ttbr0El1, Vm, writable: ~1UL, effects: translation));
        rows.Add(Stored("TTBR1_EL1", SysReg.Ttbr1El1, SystemRegisterSlot.Ttbr1El1, Vm, writable: ~1UL, effects: translation));
        rows.Add(Stored("TCR_EL1", SysReg.TcrEl1, SystemRegisterSlot.TcrEl1, Vm, writable: TcrBits.Writable, effects: translation));
        // SPSR_EL1 for AArch64: N Z C V, PAN, SS, IL, D A I F, M[4:0] (DDI0487 C5.2.18).
        rows.Add(Stored("SPSR_EL1", SysReg.SpsrEl1, SystemRegisterSlot.SpsrEl1, writable: 0xF070_03DF));
        rows.Add(Stored("ELR_EL1", SysReg.ElrEl1, SystemRegisterSlot.ElrEl1));
        rows.Add(Special("SP_EL0", SysReg.SpEl0, SpecialRegister.SpEl0));
        rows.Add(Special("SPSel", SysReg.SpSel, SpecialRegister.SpSel));
        rows.Add(Special("CurrentEL", SysReg.CurrentEl, SpecialRegister.CurrentEl, write: false));
        rows.Add(Special("PAN", SysReg.Pan, SpecialRegister.Pan));
        rows.Add(RazWi("AFSR0_EL1", SysReg.Afsr0El1, Vm));
        rows.Add(RazWi("AFSR1_EL1", SysReg.Afsr1El1, Vm));
        rows.Add(Stored("ESR_EL1", SysReg.EsrEl1, SystemRegisterSlot.EsrEl1, Vm, writable: 0xFFFF_FFFF));
        rows.Add(Stored("FAR_EL1", SysReg.FarEl1, SystemRegisterSlot.FarEl1, Vm));
        rows.Add(Stored("PAR_EL1", SysReg.ParEl1, SystemRegisterSlot.ParEl1));
        rows.Add(Stored("MAIR_EL1", SysReg.MairEl1, SystemRegisterSlot.MairEl1, Vm, effects: translation));
        rows.Add(RazWi("AMAIR_EL1", SysReg.AmairEl1, Vm));
        rows.Add(Stored("VBAR_EL1", SysReg.VbarEl1, SystemRegisterSlot.VbarEl1, writable: ~0x7FFUL));
        rows.Add(Special("ISR_EL1", SysReg.IsrEl1, SpecialRegister.Isr, write: false));
        rows.Add(Stored("CONTEXTIDR_EL1", SysReg.ContextidrEl1, SystemRegisterSlot.ContextidrEl1, Vm, writable: 0xFFFF_FFFF));
        rows.Add(Stored("TPIDR_EL1", SysReg.TpidrEl1, SystemRegisterSlot.TpidrEl1));
        rows.Add(Stored("TPIDR_EL0", SysReg.TpidrEl0, SystemRegisterSlot.TpidrEl0) with { El0 = El0AccessRule.Always });
        rows.Add(Stored("TPIDRRO_EL0", SysReg.TpidrroEl0, SystemRegisterSlot.TpidrroEl0) with { El0 = El0AccessRule.ReadOnly });
        rows.Add(Special("NZCV", SysReg.Nzcv, SpecialRegister.Nzcv, el0: El0AccessRule.Always));
        rows.Add(Special("DAIF", SysReg.Daif, SpecialRegister.Daif, el0: El0AccessRule.Uma));
        rows.Add(Special("FPCR", SysReg.Fpcr, SpecialRegister.Fpcr, el0: El0AccessRule.Always, traps: SystemRegisterTraps.FloatingPoint));
        rows.Add(Special("FPSR", SysReg.Fpsr, SpecialRegister.Fpsr, el0: El0AccessRule.Always, traps: SystemRegisterTraps.FloatingPoint));
    }

    private static void DeclareTimers(List<SystemRegisterDefinition> rows)
    {
        const SystemRegisterTraps pct = SystemRegisterTraps.PhysicalCount;
        const SystemRegisterTraps pt = SystemRegisterTraps.PhysicalTimer;
        rows.Add(Stored("CNTFRQ_EL0", SysReg.CntfrqEl0, SystemRegisterSlot.CntfrqEl0, writable: 0xFFFF_FFFF) with
        {
            Special = SpecialRegister.CounterFrequency,
            El0 = El0AccessRule.CounterFrequency,
            IdentityValue = id => id.Options.CounterFrequency,
        });
        rows.Add(Timer("CNTPCT_EL0", SysReg.CntpctEl0, TimerRegister.PhysicalCount, El0AccessRule.PhysicalCount, pct, write: false));
        rows.Add(Timer("CNTVCT_EL0", SysReg.CntvctEl0, TimerRegister.VirtualCount, El0AccessRule.VirtualCount, write: false));
        rows.Add(Timer("CNTP_CTL_EL0", SysReg.CntpCtlEl0, TimerRegister.PhysicalControl, El0AccessRule.PhysicalTimer, pt));
        rows.Add(Timer("CNTP_CVAL_EL0", SysReg.CntpCvalEl0, TimerRegister.PhysicalCompareValue, El0AccessRule.PhysicalTimer, pt));
        rows.Add(Timer("CNTP_TVAL_EL0", SysReg.CntpTvalEl0, TimerRegister.PhysicalTimerValue, El0AccessRule.PhysicalTimer, pt));
        rows.Add(Timer("CNTV_CTL_EL0", SysReg.CntvCtlEl0, TimerRegister.VirtualControl, El0AccessRule.VirtualTimer));
        rows.Add(Timer("CNTV_CVAL_EL0", SysReg.CntvCvalEl0, TimerRegister.VirtualCompareValue, El0AccessRule.VirtualTimer));
        rows.Add(Timer("CNTV_TVAL_EL0", SysReg.CntvTvalEl0, TimerRegister.VirtualTimerValue, El0AccessRule.VirtualTimer));
        rows.Add(Timer("CNTKCTL_EL1", SysReg.CntkctlEl1, TimerRegister.KernelControl, El0AccessRule.None));
        rows.Add(Timer("CNTVOFF_EL2", SysReg.CntvoffEl2, TimerRegister.VirtualOffset, El0AccessRule.None) with { AgentOnly = true });
        rows.Add(Agent("CNTHCTL_EL2", SysReg.CnthctlEl2, SystemRegisterSlot.CnthctlEl2, reset: 0b11, writable: 0xFF,
            effects: SystemRegisterEffects.TrapControls));
    }
}
