using Armvisor.Arm64;

namespace Armvisor.Core;

/// <summary>Encodings and bits of the EL2/EL3 control registers the agents program into the engine (DDI0487 D24.2).</summary>
internal static class AgentRegisters
{
    /// <summary>HCR_EL2, Hypervisor Configuration Register (DDI0487 D24.2.48).</summary>
    public static readonly SystemRegisterEncoding HcrEl2 = new(3, 4, 1, 1, 0);

    /// <summary>SCR_EL3, Secure Configuration Register (DDI0487 D24.2.150).</summary>
    public static readonly SystemRegisterEncoding ScrEl3 = new(3, 6, 1, 1, 0);

    /// <summary>SCTLR_EL1 (DDI0487 D24.2.161); reset on PSCI CPU_ON.</summary>
    public static readonly SystemRegisterEncoding SctlrEl1 = new(3, 0, 1, 0, 0);

    /// <summary>HCR_EL2.VM, bit 0: stage 2 enabled.</summary>
    public const ulong HcrVm = 1UL << 0;

    /// <summary>HCR_EL2.FMO, bit 3: FIQs route to EL2, virtual FIQs to EL1.</summary>
    public const ulong HcrFmo = 1UL << 3;

    /// <summary>HCR_EL2.IMO, bit 4: IRQs route to EL2, virtual IRQs to EL1.</summary>
    public const ulong HcrImo = 1UL << 4;

    /// <summary>HCR_EL2.TWI, bit 13: trap WFI from EL0/EL1 to EL2.</summary>
    public const ulong HcrTwi = 1UL << 13;

    /// <summary>HCR_EL2.TWE, bit 14: trap WFE from EL0/EL1 to EL2.</summary>
    public const ulong HcrTwe = 1UL << 14;

    /// <summary>HCR_EL2.TTLB, bit 25: trap TLB maintenance from EL1 to EL2 (AArch32: MCR p15 c8, EC 0x03).</summary>
    public const ulong HcrTtlb = 1UL << 25;

    /// <summary>HCR_EL2.TVM, bit 26: trap EL1 writes of the virtual-memory controls (SCTLR, TTBR0/1, TTBCR, DACR, ...).</summary>
    public const ulong HcrTvm = 1UL << 26;

    /// <summary>DACR32_EL2, the AArch32 DACR (DDI0487 D24.2.36).</summary>
    public static readonly SystemRegisterEncoding Dacr32El2 = new(3, 4, 3, 0, 0);

    /// <summary>HCR_EL2.TSC, bit 19: trap SMC to EL2.</summary>
    public const ulong HcrTsc = 1UL << 19;

    /// <summary>AArch32 CPSR at reset into SVC mode with A, I, F masked (DDI0487 G1.9.1; M = 0b10011).</summary>
    public const ulong CpsrSvcMasked = 0x1D3;

    /// <summary>AArch32 SCTLR reset (Cortex-A15 / QEMU virt): MMU, caches and alignment checks off, RES1 bits set.</summary>
    public const ulong SctlrAArch32Reset = 0x00C5_0078;

    /// <summary>HCR_EL2.RW, bit 31: EL1 is AArch64.</summary>
    public const ulong HcrRw = 1UL << 31;

    /// <summary>SCR_EL3.NS, bit 0: EL0/EL1 are Non-secure.</summary>
    public const ulong ScrNs = 1UL << 0;

    /// <summary>SCR_EL3.TWI, bit 12: trap WFI to EL3.</summary>
    public const ulong ScrTwi = 1UL << 12;

    /// <summary>SCR_EL3.TWE, bit 13: trap WFE to EL3.</summary>
    public const ulong ScrTwe = 1UL << 13;

    /// <summary>SCR_EL3.RW, bit 10: the next lower level is AArch64.</summary>
    public const ulong ScrRw = 1UL << 10;

    /// <summary>SCTLR_EL1 reset value with the RES1 bits set and the MMU and caches off (DDI0487 D24.2.161).</summary>
    public const ulong SctlrEl1Reset = 0x30D0_0800;
}
