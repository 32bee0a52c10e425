/*
 * pnmi-bench (issue 6 benchmark): latency from raising a pseudo-NMI to the first instruction of its handler while the
 * guest has regular interrupts masked (PMR at the "interrupts off" level, PSTATE.I clear), measured with CNTVCT_EL0
 * over many deliveries. The raise is an SGI to self (ICC_SGI1R_EL1, trapped to the hypervisor's GIC model).
 */
#include "kit.h"
#include "gic.h"
#include <armvisor/pnmi.h>

#define SGI_PNMI 2
#ifndef DELIVERIES
#define DELIVERIES 2000
#endif

static struct armvisor_pnmi pnmi;
static volatile uint64_t handler_entry;
static volatile uint64_t deliveries;
static uint64_t samples[DELIVERIES];

static inline uint64_t counter(void)
{
    uint64_t value;
    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(value));
    return value;
}

static void regular_handler(uint32_t intid, void *ctx)
{
    (void)intid;
    (void)ctx;
}

static void pnmi_handler(uint32_t intid, void *ctx)
{
    (void)intid;
    (void)ctx;
    handler_entry = counter();
    deliveries++;
}

static void on_irq(void)
{
    armvisor_pnmi_dispatch(&pnmi);
}

static void sort(uint64_t *v, int n)
{
    for (int i = 1; i < n; i++) {
        uint64_t x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

int main(void)
{
    kit_guest_name = "pnmi-bench";
    gic_init(ARMVISOR_IRQ_PRIORITY);
    armvisor_pnmi_init_cpu(&pnmi, regular_handler, pnmi_handler, 0);
    armvisor_pnmi_designate(&pnmi, SGI_PNMI, 1);
    gic_set_priority(SGI_PNMI, ARMVISOR_PNMI_PRIORITY);
    gic_enable(SGI_PNMI);
    kit_irq_hook = on_irq;
    __asm__ volatile("msr daifclr, #2" : : : "memory");
    armvisor_irq_disable(&pnmi); /* "interrupts off": PMR raised, the PNMI's priority still above it */

    uint64_t frequency = READ_SYSREG(cntfrq_el0);
    for (int i = 0; i < DELIVERIES; i++) {
        uint64_t before = deliveries;
        uint64_t start = counter();
        gic_send_sgi_self(SGI_PNMI);
        while (deliveries == before) {
        }
        samples[i] = handler_entry - start;
    }

    sort(samples, DELIVERIES);
    uint64_t ns_per_tick = 1000000000UL / frequency;
    printf("pnmi-latency: deliveries=%u pmr=0x%x min-ns=%lu median-ns=%lu p99-ns=%lu max-ns=%lu (tick %lu ns)\n",
        DELIVERIES, armvisor_icc_pmr_read(), samples[0] * ns_per_tick, samples[DELIVERIES / 2] * ns_per_tick,
        samples[DELIVERIES * 99 / 100] * ns_per_tick, samples[DELIVERIES - 1] * ns_per_tick, ns_per_tick);
    armvisor_irq_enable(&pnmi);
    __asm__ volatile("msr daifset, #2" : : : "memory");
    return 0;
}
