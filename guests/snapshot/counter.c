/*
 * Snapshot test guest: a virtual-timer interrupt every 10 ms of guest time (CNTV_CVAL_EL0 advanced by a fixed period,
 * so the ticks never drift, DDI0487 D11.2.4) through the GICv3 (PPI 27), and a main loop that folds a running counter
 * into an FNV-1a hash. Every 10 ticks it prints the tick, the loop counter, the hash and CNTVCT_EL0. A save and
 * restore anywhere in the run must leave the printed lines exactly as an uninterrupted run prints them (with
 * --deterministic, where guest time is retired instructions), and the ticks must come at the same guest counts.
 * counter.elf stops after TICK_LIMIT ticks; counter-forever.elf never stops (for the control-API tests).
 */
#include "guest.h"

#define GICD_BASE 0x08000000UL
#define GICR_BASE 0x080A0000UL
#define GICR_SGI (GICR_BASE + 0x10000UL)
#define REG32(a) (*(volatile uint32_t *)(a))
#define VTIMER_INTID 27
#ifndef TICK_LIMIT
#define TICK_LIMIT 300
#endif

static volatile uint64_t ticks;
static uint64_t period;
static uint64_t next_deadline;

void irq_exception(struct exception_frame *frame, int vector)
{
    (void)frame;
    (void)vector;
    uint64_t intid = READ_SYSREG(S3_0_C12_C12_0);   /* ICC_IAR1_EL1 */
    if (intid == VTIMER_INTID) {
        ticks++;
        next_deadline += period;
        WRITE_SYSREG(cntv_cval_el0, next_deadline);  /* the level drops until the next deadline */
    }
    WRITE_SYSREG(S3_0_C12_C12_1, intid);            /* ICC_EOIR1_EL1 */
    ISB();
}

int main(void)
{
    REG32(GICD_BASE + 0x0000) = (1u << 4) | (1u << 1);      /* GICD_CTLR: ARE_NS, EnableGrp1NS */
    REG32(GICR_BASE + 0x0014) &= ~(1u << 1);                /* GICR_WAKER.ProcessorSleep = 0 */
    while (REG32(GICR_BASE + 0x0014) & (1u << 2)) {
    }
    REG32(GICR_SGI + 0x0080) |= 1u << VTIMER_INTID;         /* group 1 */
    *(volatile uint8_t *)(GICR_SGI + 0x0400 + VTIMER_INTID) = 0x80;
    REG32(GICR_SGI + 0x0100) = 1u << VTIMER_INTID;          /* enable */
    WRITE_SYSREG(S3_0_C12_C12_5, READ_SYSREG(S3_0_C12_C12_5) | 1);  /* ICC_SRE_EL1.SRE */
    ISB();
    WRITE_SYSREG(S3_0_C4_C6_0, 0xFF);                       /* ICC_PMR_EL1 */
    WRITE_SYSREG(S3_0_C12_C12_7, 1);                        /* ICC_IGRPEN1_EL1 */
    ISB();

    period = READ_SYSREG(cntfrq_el0) / 100;
    next_deadline = READ_SYSREG(cntvct_el0) + period;
    WRITE_SYSREG(cntv_cval_el0, next_deadline);
    WRITE_SYSREG(cntv_ctl_el0, 1);
    ISB();
    __asm__ volatile("msr daifclr, #2" ::: "memory");
    printf("counter: period %lu\n", period);

    uint64_t hash = 1469598103934665603UL, work = 0, printed = 0;
    for (;;) {
        work++;
        hash = (hash ^ work) * 1099511628211UL;
        if (ticks >= printed + 10) {
            printed += 10;
            printf("tick %lu work %lu hash %016lx cntvct %lu\n", printed, work, hash, READ_SYSREG(cntvct_el0));
#ifndef FOREVER
            if (printed >= TICK_LIMIT) {
                break;
            }
#endif
        }
    }
    printf("counter: done\n");
    return 0;
}
