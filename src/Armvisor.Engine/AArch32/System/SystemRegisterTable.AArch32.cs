using Armvisor.Arm64;

namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The AArch64 registers that hold AArch32-only EL1 state (DDI0487 G8.2: DACR is DACR32_EL2, IFSR is IFSR32_EL2,
/// FPEXC is FPEXC32_EL2; D1.20.2: SPSR_abt, SPSR_und, SPSR_irq, SPSR_fiq hold the banked SPSRs, SPSR_svc is SPSR_EL1).
/// EL2 registers: the agents reach them; AArch32 EL1 reaches them only through the CP15 rows and the mode banking.
/// </summary>
internal static partial class SystemRegisterTable
{
    public static readonly SystemRegisterEncoding Dacr32El2 = new(3, 4, 3, 0, 0);
    public static readonly SystemRegisterEncoding Ifsr32El2 = new(3, 4, 5, 0, 1);
    public static readonly SystemRegisterEncoding Fpexc32El2 = new(3, 4, 5, 3, 0);
    public static readonly SystemRegisterEncoding SpsrIrq = new(3, 4, 4, 3, 0);
    public static readonly SystemRegisterEncoding SpsrAbt = new(3, 4, 4, 3, 1);
    public static readonly SystemRegisterEncoding SpsrUnd = new(3, 4, 4, 3, 2);
    public static readonly SystemRegisterEncoding SpsrFiq = new(3, 4, 4, 3, 3);
    public static readonly SystemRegisterEncoding Dbgvcr32El2 = new(2, 4, 0, 7, 0);
    public static readonly SystemRegisterEncoding Teecr32El1 = new(2, 2, 0, 0, 0);
    public static readonly SystemRegisterEncoding Teehbr32El1 = new(2, 2, 1, 0, 0);

    private static void DeclareAArch32(List<SystemRegisterDefinition> rows)
    {
        // DACR32_EL2 and IFSR32_EL2 are what the CP15 DACR/IFSR rows reach; VM-controls like the other translation
        // registers (HCR_EL2.TVM/TRVM, DDI0487 G8.2.33), which the DACR virtualization builds on.
        rows.Add(Stored("DACR32_EL2", Dacr32El2, traps: Vm, writable: 0xFFFF_FFFF, effects: SystemRegisterEffects.Domain));
        rows.Add(Stored("IFSR32_EL2", Ifsr32El2, traps: Vm, writable: 0x0000_160F));
        // FPEXC: EX and EN writable, the rest (DEX, FP2V, VV, TFV, VECITR, IDF..IOF) RAZ as on a Cortex-A15 without
        // trapping or short vectors (its TRM; QEMU's cortex-a15 reads 0 at reset, 0x40000000 with EN set).
        rows.Add(Agent("FPEXC32_EL2", Fpexc32El2, reset: 0, writable: 0xC000_0000));
        rows.Add(Agent("SPSR_irq", SpsrIrq, writable: 0xFFFF_FFFF));
        rows.Add(Agent("SPSR_abt", SpsrAbt, writable: 0xFFFF_FFFF));
        rows.Add(Agent("SPSR_und", SpsrUnd, writable: 0xFFFF_FFFF));
        rows.Add(Agent("SPSR_fiq", SpsrFiq, writable: 0xFFFF_FFFF));

        // DBGVCR32_EL2 holds AArch32 DBGVCR (DDI0487 D24.3.x); vector catch is not implemented: RAZ/WI, MDCR_EL2.TDA.
        rows.Add(RazWi("DBGVCR32_EL2", Dbgvcr32El2, SystemRegisterTraps.Tda));

        // ThumbEE (ARMv7 ID_PFR0.State3 = 1 on a Cortex-A15): TEECR.XED and the handler base TEEHBR, which Linux saves
        // and restores per thread (arch/arm/kernel/thumbee.c); TEECR32_EL1/TEEHBR32_EL1 of the first Armv8 releases.
        rows.Add(Stored("TEECR32_EL1", Teecr32El1, writable: 1));
        rows.Add(Stored("TEEHBR32_EL1", Teehbr32El1, writable: 0xFFFF_FFFC));
    }
}
