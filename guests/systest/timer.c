/*
 * Generic timer interrupt through the GICv3 (DDI0487 D11; IHI0069 GICv3): program the EL1 virtual timer
 * (CNTV_TVAL/CTL), route its PPI (INTID 27) through the redistributor, wait with WFI and take the IRQ at EL1.
 * Needs the virt machine's GIC: on Armvisor it waits for the lead's machine (the bare-metal harness has no GIC).
 */
#include "systest.h"

#define GICD_BASE 0x08000000UL
#define GICR_BASE 0x080A0000UL              /* redistributor of CPU 0: RD_base, then SGI_base at +64K */
#define GICR_SGI (GICR_BASE + 0x10000UL)
#define REG32(a) (*(volatile uint32_t *)(a))
#define VTIMER_INTID 27

static volatile uint32_t irq_intid;
static volatile uint64_t irq_count;

void irq_exception(struct exception_frame *frame, int vector)
{
    (void)frame;
    uint64_t intid = READ_SYSREG(S3_0_C12_C12_0);   /* ICC_IAR1_EL1 */
    irq_intid = (uint32_t)intid;
    irq_count++;
    WRITE_SYSREG(cntv_ctl_el0, 0);                  /* disable the timer: its level drops */
    WRITE_SYSREG(S3_0_C12_C12_1, intid);            /* ICC_EOIR1_EL1 */
    ISB();
    printf("irq vector %d intid %lu\n", vector, intid);
}

int main(void)
{
    /* Distributor: affinity routing, group 1 non-secure enabled (GICD_CTLR ARE_NS | EnableGrp1NS, IHI0069 12.9.4). */
    REG32(GICD_BASE + 0x0000) = (1u << 4) | (1u << 1);
    /* Redistributor: wake it (GICR_WAKER.ProcessorSleep = 0, wait ChildrenAsleep = 0). */
    REG32(GICR_BASE + 0x0014) &= ~(1u << 1);
    while (REG32(GICR_BASE + 0x0014) & (1u << 2)) {
    }
    /* PPI 27: group 1, priority 0x80, enabled (GICR_IGROUPR0, GICR_IPRIORITYR, GICR_ISENABLER0). */
    REG32(GICR_SGI + 0x0080) |= 1u << VTIMER_INTID;
    *(volatile uint8_t *)(GICR_SGI + 0x0400 + VTIMER_INTID) = 0x80;
    REG32(GICR_SGI + 0x0100) = 1u << VTIMER_INTID;
    /* CPU interface: system registers, priority mask, group 1 enable (ICC_SRE_EL1, ICC_PMR_EL1, ICC_IGRPEN1_EL1). */
    WRITE_SYSREG(S3_0_C12_C12_5, READ_SYSREG(S3_0_C12_C12_5) | 1);
    ISB();
    WRITE_SYSREG(S3_0_C4_C6_0, 0xFF);
    WRITE_SYSREG(S3_0_C12_C12_7, 1);
    ISB();

    uint64_t freq = READ_SYSREG(cntfrq_el0);
    check("cntfrq", freq, 62500000);
    uint64_t t0 = READ_SYSREG(cntvct_el0);
    WRITE_SYSREG(cntv_tval_el0, freq / 1000);       /* 1 ms */
    WRITE_SYSREG(cntv_ctl_el0, 1);                  /* ENABLE, IMASK = 0 */
    ISB();
    __asm__ volatile("msr daifclr, #2" ::: "memory");
    while (irq_count == 0) {
        __asm__ volatile("wfi" ::: "memory");
    }
    __asm__ volatile("msr daifset, #2" ::: "memory");
    uint64_t elapsed = READ_SYSREG(cntvct_el0) - t0;
    check("timer.irq_count", irq_count, 1);
    check("timer.intid", irq_intid, VTIMER_INTID);
    check("timer.waited_at_least_tval", elapsed >= freq / 1000, 1);
    return finish("timer");
}
