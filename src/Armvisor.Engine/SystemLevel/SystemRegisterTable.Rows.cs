using Armvisor.Arm64;

namespace Armvisor.Engine.SystemLevel;

/// <summary>The GIC, debug, PMU, agent and System-instruction rows, and the row builders.</summary>
internal static partial class SystemRegisterTable
{
    private static void DeclareGic(List<SystemRegisterDefinition> rows)
    {
        // IHI0069 12.2: the GICv3 CPU interface. Every access goes to the EL2 agent (EC 0x18) except ICC_SRE_EL1.
        rows.Add(Gic("ICC_PMR_EL1", SysReg.IccPmrEl1, read: true, write: true));
        rows.Add(Gic("ICC_IAR0_EL1", SysReg.IccIar0El1, read: true, write: false));
        rows.Add(Gic("ICC_EOIR0_EL1", SysReg.IccEoir0El1, read: false, write: true));
        rows.Add(Gic("ICC_HPPIR0_EL1", SysReg.IccHppir0El1, read: true, write: false));
        rows.Add(Gic("ICC_BPR0_EL1", SysReg.IccBpr0El1, read: true, write: true));
        for (int n = 0; n < 4; n++)
        {
            rows.Add(Gic($"ICC_AP0R{n}_EL1", SysReg.IccAp0rEl1(n), read: true, write: true));
            rows.Add(Gic($"ICC_AP1R{n}_EL1", SysReg.IccAp1rEl1(n), read: true, write: true));
        }

        rows.Add(Gic("ICC_DIR_EL1", SysReg.IccDirEl1, read: false, write: true));
        rows.Add(Gic("ICC_RPR_EL1", SysReg.IccRprEl1, read: true, write: false));
        rows.Add(Gic("ICC_SGI1R_EL1", SysReg.IccSgi1rEl1, read: false, write: true));
        rows.Add(Gic("ICC_ASGI1R_EL1", SysReg.IccAsgi1rEl1, read: false, write: true));
        rows.Add(Gic("ICC_SGI0R_EL1", SysReg.IccSgi0rEl1, read: false, write: true));
        rows.Add(Gic("ICC_IAR1_EL1", SysReg.IccIar1El1, read: true, write: false));
        rows.Add(Gic("ICC_EOIR1_EL1", SysReg.IccEoir1El1, read: false, write: true));
        rows.Add(Gic("ICC_HPPIR1_EL1", SysReg.IccHppir1El1, read: true, write: false));
        rows.Add(Gic("ICC_BPR1_EL1", SysReg.IccBpr1El1, read: true, write: true));
        rows.Add(Gic("ICC_CTLR_EL1", SysReg.IccCtlrEl1, read: true, write: true));
        rows.Add(Gic("ICC_IGRPEN0_EL1", SysReg.IccIgrpen0El1, read: true, write: true));
        rows.Add(Gic("ICC_IGRPEN1_EL1", SysReg.IccIgrpen1El1, read: true, write: true));
        rows.Add(Special("ICC_SRE_EL1", SysReg.IccSreEl1, SpecialRegister.IccSre));
        rows.Add(Agent("ICC_SRE_EL2", SysReg.IccSreEl2, reset: 0xF, writable: 0xF));
        rows.Add(Agent("ICC_SRE_EL3", SysReg.IccSreEl3, reset: 0xF, writable: 0xF));
    }

    private static void DeclareDebugAndPmu(List<SystemRegisterDefinition> rows)
    {
        const SystemRegisterTraps tda = SystemRegisterTraps.Tda;
        const SystemRegisterTraps tdosa = SystemRegisterTraps.Tdosa;

        // Self-hosted debug (DDI0487 D2): MDSCR_EL1 (SS, KDE, MDE), software step (InterpreterVcpu.SoftwareStep.cs) and
        // the breakpoint and watchpoint comparators (InterpreterVcpu.SelfHostedDebug.cs): a write to any of them
        // re-reads the comparators (SystemRegisterEffects.Debug). Linux writes OSLAR_EL1/OSDLR_EL1 unconditionally (clear_os_lock).
        const SystemRegisterEffects debug = SystemRegisterEffects.Debug;
        // Writable: SS (0), ERR (6), TDCC (12), KDE (13), HDE (14), MDE (15), TXfull/RXfull are read-only here (0).
        rows.Add(Stored("MDSCR_EL1", SysReg.MdscrEl1, SystemRegisterSlot.MdscrEl1, traps: tda, writable: 0xF041, effects: debug));
        rows.Add(RazWi("MDCCINT_EL1", SysReg.MdccintEl1, tda));
        rows.Add(RazWi("MDRAR_EL1", SysReg.MdrarEl1, tda, write: false));
        rows.Add(RazWi("OSLAR_EL1", SysReg.OslarEl1, tdosa, read: false));
        // OSLSR_EL1.OSLM = 0b10: the OS lock is implemented (mandatory in ARMv8.0), OSLK = 0 (DDI0487 D24.3.26).
        rows.Add(Id("OSLSR_EL1", SysReg.OslsrEl1, tdosa, _ => 0b1000));
        rows.Add(RazWi("OSDLR_EL1", SysReg.OsdlrEl1, tdosa));
        rows.Add(RazWi("DBGPRCR_EL1", SysReg.DbgprcrEl1, tdosa));
        rows.Add(RazWi("DBGCLAIMSET_EL1", SysReg.DbgclaimsetEl1, tda));
        rows.Add(RazWi("DBGCLAIMCLR_EL1", SysReg.DbgclaimclrEl1, tda));
        rows.Add(RazWi("DBGAUTHSTATUS_EL1", SysReg.DbgauthstatusEl1, tda, write: false));
        for (int n = 0; n < 6; n++)
        {
            rows.Add(Stored($"DBGBVR{n}_EL1", SysReg.DbgbvrEl1(n), traps: tda, writable: ~3UL, effects: debug));
            rows.Add(Stored($"DBGBCR{n}_EL1", SysReg.DbgbcrEl1(n), traps: tda, writable: 0x00FF_E1E7, effects: debug));
        }

        for (int n = 0; n < 4; n++)
        {
            rows.Add(Stored($"DBGWVR{n}_EL1", SysReg.DbgwvrEl1(n), traps: tda, writable: ~3UL, effects: debug));
            rows.Add(Stored($"DBGWCR{n}_EL1", SysReg.DbgwcrEl1(n), traps: tda, writable: 0x1F1F_FFFF, effects: debug));
        }
    }

    private static void DeclareAgents(List<SystemRegisterDefinition> rows)
    {
        const SystemRegisterEffects traps = SystemRegisterEffects.TrapControls;
        rows.Add(Agent("VPIDR_EL2", SysReg.VpidrEl2, SystemRegisterSlot.VpidrEl2, writable: 0xFFFF_FFFF)
            with { IdentityValue = id => id.Options.Midr });
        rows.Add(Agent("VMPIDR_EL2", SysReg.VmpidrEl2, SystemRegisterSlot.VmpidrEl2, writable: 0xFF_41FF_FFFF, res1: 1UL << 31)
            with { IdentityValue = id => id.Mpidr | (1UL << 31) });
        rows.Add(Agent("HCR_EL2", SysReg.HcrEl2, SystemRegisterSlot.HcrEl2, effects: traps | SystemRegisterEffects.Translation));
        rows.Add(Agent("MDCR_EL2", SysReg.MdcrEl2, SystemRegisterSlot.MdcrEl2, writable: 0xFFF, effects: traps | SystemRegisterEffects.Debug));
        // CPTR_EL2 (non-VHE): TFP (10), TTA (20), TCPAC (31); bits 13:12 and 9:0 are RES1 (DDI0487 D24.2.33).
        rows.Add(Agent("CPTR_EL2", SysReg.CptrEl2, SystemRegisterSlot.CptrEl2, writable: (1UL << 10) | (1UL << 20) | (1UL << 31),
            res1: 0x33FF, effects: traps));
        rows.Add(Agent("SCTLR_EL2", SysReg.SctlrEl2));
        rows.Add(Agent("HSTR_EL2", SysReg.HstrEl2));
        rows.Add(Agent("HACR_EL2", SysReg.HacrEl2));
        rows.Add(Agent("TTBR0_EL2", SysReg.Ttbr0El2));
        rows.Add(Agent("TCR_EL2", SysReg.TcrEl2));
        rows.Add(Agent("VTTBR_EL2", SysReg.VttbrEl2));
        rows.Add(Agent("VTCR_EL2", SysReg.VtcrEl2));
        rows.Add(Agent("SPSR_EL2", SysReg.SpsrEl2));
        rows.Add(Agent("ELR_EL2", SysReg.ElrEl2));
        rows.Add(Special("SP_EL1", SysReg.SpEl1, SpecialRegister.SpEl1) with { AgentOnly = true });
        rows.Add(Agent("ESR_EL2", SysReg.EsrEl2));
        rows.Add(Agent("FAR_EL2", SysReg.FarEl2));
        rows.Add(Agent("HPFAR_EL2", SysReg.HpfarEl2));
        rows.Add(Agent("MAIR_EL2", SysReg.MairEl2));
        rows.Add(Agent("VBAR_EL2", SysReg.VbarEl2, writable: ~0x7FFUL));
        rows.Add(Agent("TPIDR_EL2", SysReg.TpidrEl2));

        // SCR_EL3 reset as the secure monitor leaves it for a Non-secure AArch64 EL1/EL2: NS=1, RW=1 (DDI0487 D24.2.117).
        rows.Add(Agent("SCR_EL3", SysReg.ScrEl3, SystemRegisterSlot.ScrEl3, reset: (1UL << 0) | (1UL << 10), effects: traps));
        rows.Add(Agent("CPTR_EL3", SysReg.CptrEl3, SystemRegisterSlot.CptrEl3, writable: (1UL << 10) | (1UL << 20) | (1UL << 31),
            effects: traps));
        rows.Add(Agent("SCTLR_EL3", SysReg.SctlrEl3));
        rows.Add(Agent("MDCR_EL3", SysReg.MdcrEl3));
        rows.Add(Agent("SPSR_EL3", SysReg.SpsrEl3));
        rows.Add(Agent("ELR_EL3", SysReg.ElrEl3));
        rows.Add(Agent("ESR_EL3", SysReg.EsrEl3));
        rows.Add(Agent("FAR_EL3", SysReg.FarEl3));
        rows.Add(Agent("VBAR_EL3", SysReg.VbarEl3, writable: ~0x7FFUL));
    }

    private static void DeclareInstructions(List<SystemRegisterDefinition> rows)
    {
        const El0AccessRule none = El0AccessRule.None;
        const El0AccessRule uci = El0AccessRule.Uci;
        const SystemOperation dcm = SystemOperation.DataCacheMaintenance;
        const SystemRegisterTraps ttlb = SystemRegisterTraps.Ttlb;

        rows.Add(Op("IC IALLUIS", SysReg.IcIalluis, SystemOperation.InstructionCacheInvalidateAllInnerShareable, none, SystemRegisterTraps.Tpu));
        rows.Add(Op("IC IALLU", SysReg.IcIallu, SystemOperation.InstructionCacheInvalidateAll, none, SystemRegisterTraps.Tpu));
        rows.Add(Op("IC IVAU", SysReg.IcIvau, SystemOperation.InstructionCacheInvalidateByVa, uci, SystemRegisterTraps.Tpu));
        rows.Add(Op("DC IVAC", SysReg.DcIvac, dcm, none, SystemRegisterTraps.Tpcp));
        rows.Add(Op("DC ISW", SysReg.DcIsw, dcm, none, SystemRegisterTraps.Tsw));
        rows.Add(Op("DC CSW", SysReg.DcCsw, dcm, none, SystemRegisterTraps.Tsw));
        rows.Add(Op("DC CISW", SysReg.DcCisw, dcm, none, SystemRegisterTraps.Tsw));
        rows.Add(Op("DC ZVA", SysReg.DcZva, SystemOperation.DataCacheZeroByVa, El0AccessRule.Dze, SystemRegisterTraps.Tdz));
        rows.Add(Op("DC CVAC", SysReg.DcCvac, dcm, uci, SystemRegisterTraps.Tpcp));
        rows.Add(Op("DC CVAU", SysReg.DcCvau, dcm, uci, SystemRegisterTraps.Tpu));
        rows.Add(Op("DC CIVAC", SysReg.DcCivac, dcm, uci, SystemRegisterTraps.Tpcp));
        rows.Add(Op("AT S1E1R", SysReg.AtS1e1r, SystemOperation.AddressTranslateS1E1R, none, SystemRegisterTraps.None));
        rows.Add(Op("AT S1E1W", SysReg.AtS1e1w, SystemOperation.AddressTranslateS1E1W, none, SystemRegisterTraps.None));
        rows.Add(Op("AT S1E0R", SysReg.AtS1e0r, SystemOperation.AddressTranslateS1E0R, none, SystemRegisterTraps.None));
        rows.Add(Op("AT S1E0W", SysReg.AtS1e0w, SystemOperation.AddressTranslateS1E0W, none, SystemRegisterTraps.None));
        rows.Add(Op("TLBI VMALLE1IS", SysReg.TlbiVmalle1is, SystemOperation.TlbInvalidateAll, none, ttlb));
        rows.Add(Op("TLBI VAE1IS", SysReg.TlbiVae1is, SystemOperation.TlbInvalidateByVa, none, ttlb));
        rows.Add(Op("TLBI ASIDE1IS", SysReg.TlbiAside1is, SystemOperation.TlbInvalidateByAsid, none, ttlb));
        rows.Add(Op("TLBI VAAE1IS", SysReg.TlbiVaae1is, SystemOperation.TlbInvalidateByVaAllAsids, none, ttlb));
        rows.Add(Op("TLBI VALE1IS", SysReg.TlbiVale1is, SystemOperation.TlbInvalidateByVaLastLevel, none, ttlb));
        rows.Add(Op("TLBI VAALE1IS", SysReg.TlbiVaale1is, SystemOperation.TlbInvalidateByVaAllAsidsLastLevel, none, ttlb));
        rows.Add(Op("TLBI VMALLE1", SysReg.TlbiVmalle1, SystemOperation.TlbInvalidateAll, none, ttlb));
        rows.Add(Op("TLBI VAE1", SysReg.TlbiVae1, SystemOperation.TlbInvalidateByVa, none, ttlb));
        rows.Add(Op("TLBI ASIDE1", SysReg.TlbiAside1, SystemOperation.TlbInvalidateByAsid, none, ttlb));
        rows.Add(Op("TLBI VAAE1", SysReg.TlbiVaae1, SystemOperation.TlbInvalidateByVaAllAsids, none, ttlb));
        rows.Add(Op("TLBI VALE1", SysReg.TlbiVale1, SystemOperation.TlbInvalidateByVaLastLevel, none, ttlb));
        rows.Add(Op("TLBI VAALE1", SysReg.TlbiVaale1, SystemOperation.TlbInvalidateByVaAllAsidsLastLevel, none, ttlb));
    }

    /// <summary>op0=3, op1=0, CRn=0, CRm=1..7: every encoding not named above reads as zero (DDI0487 D24.1.2; Linux reads them).</summary>
    private static void DeclareReservedIdSpace(List<SystemRegisterDefinition> rows)
    {
        var declared = new HashSet<ushort>(rows.Select(r => r.Encoding.Key));
        for (byte crm = 1; crm <= 7; crm++)
        {
            for (byte op2 = 0; op2 <= 7; op2++)
            {
                var encoding = new SystemRegisterEncoding(3, 0, 0, crm, op2);
                if (!declared.Contains(encoding.Key))
                {
                    rows.Add(Id(encoding.ToString(), encoding, SystemRegisterTraps.Tid3, _ => 0));
                }
            }
        }
    }

    private static SystemRegisterDefinition Stored(string name, SystemRegisterEncoding encoding, SystemRegisterSlot? slot = null,
        SystemRegisterTraps traps = SystemRegisterTraps.None, ulong reset = 0, ulong writable = ulong.MaxValue, ulong res1 = 0,
        SystemRegisterEffects effects = SystemRegisterEffects.None) =>
        new(name, encoding, SystemRegisterKind.Storage, CanRead: true, CanWrite: true, El0AccessRule.None, traps)
        {
            Slot = slot, Reset = reset, WritableMask = writable, Res1 = res1, WriteEffects = effects,
        };

    private static SystemRegisterDefinition Agent(string name, SystemRegisterEncoding encoding, SystemRegisterSlot? slot = null,
        ulong reset = 0, ulong writable = ulong.MaxValue, ulong res1 = 0, SystemRegisterEffects effects = SystemRegisterEffects.None) =>
        Stored(name, encoding, slot, SystemRegisterTraps.None, reset, writable, res1, effects) with { AgentOnly = true };

    private static SystemRegisterDefinition Id(string name, SystemRegisterEncoding encoding, SystemRegisterTraps traps,
        Func<CpuIdentity, ulong> value) =>
        new(name, encoding, SystemRegisterKind.Constant, CanRead: true, CanWrite: false, El0AccessRule.None, traps) { IdentityValue = value };

    private static SystemRegisterDefinition Special(string name, SystemRegisterEncoding encoding, SpecialRegister special,
        bool read = true, bool write = true, El0AccessRule el0 = El0AccessRule.None, SystemRegisterTraps traps = SystemRegisterTraps.None) =>
        new(name, encoding, SystemRegisterKind.Special, read, write, el0, traps) { Special = special };

    private static SystemRegisterDefinition RazWi(string name, SystemRegisterEncoding encoding, SystemRegisterTraps traps,
        bool read = true, bool write = true) =>
        new(name, encoding, SystemRegisterKind.RazWi, read, write, El0AccessRule.None, traps);

    private static SystemRegisterDefinition Gic(string name, SystemRegisterEncoding encoding, bool read, bool write) =>
        RazWi(name, encoding, SystemRegisterTraps.GicCpuInterface, read, write);

    private static SystemRegisterDefinition Timer(string name, SystemRegisterEncoding encoding, TimerRegister timer, El0AccessRule el0,
        SystemRegisterTraps traps = SystemRegisterTraps.None, bool write = true) =>
        new(name, encoding, SystemRegisterKind.Timer, CanRead: true, write, el0, traps)
        {
            Timer = timer, WriteEffects = SystemRegisterEffects.Timer,
        };

    private static SystemRegisterDefinition Op(string name, SystemRegisterEncoding encoding, SystemOperation operation, El0AccessRule el0,
        SystemRegisterTraps traps) =>
        new(name, encoding, SystemRegisterKind.Instruction, CanRead: false, CanWrite: true, el0, traps) { Operation = operation };
}
