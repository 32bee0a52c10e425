/*
 * pnmi-watchdog: the WFE-channel watchdog's "inject interrupt" action delivered as the VM's pseudo-NMI (issues 5, 6).
 * The guest designates SPI PNMI_INTID as its PNMI (priority 0x20, edge-triggered, routed to this CPU), arms the
 * watchdog with action 1 (interrupt), turns regular interrupts off (PMR = 0x60) and stops petting. The expiry must
 * arrive as a PNMI even though interrupts are "off", and no regular handler runs. Run with
 *   armvisor run --kernel guests/build/pnmi-watchdog.elf --pseudo-nmi 120
 * Without an agent (QEMU) it reports "available=0".
 */
#include "gic.h"
#include "kit.h"
#include <armvisor/pnmi.h>
#include <armvisor/wfe_channel.h>

#ifndef PNMI_INTID
#define PNMI_INTID 120
#endif
#define WATCHDOG_MS 300

static struct armvisor_pnmi pnmi;
static volatile uint64_t pnmi_runs, regular_runs;
static volatile uint32_t pnmi_intid;
static volatile uint64_t pnmi_at_us;

static void regular_handler(uint32_t intid, void *ctx)
{
    (void)intid;
    (void)ctx;
    regular_runs++;
}

static void pnmi_handler(uint32_t intid, void *ctx)
{
    (void)ctx;
    pnmi_intid = intid;
    pnmi_at_us = kit_now_us();
    pnmi_runs++;
}

static void on_irq(void)
{
    armvisor_pnmi_dispatch(&pnmi);
}

int main(void)
{
    kit_guest_name = "pnmi-watchdog";
    struct armvisor_agent_info info = armvisor_detect();
    int usable = info.present && (info.capabilities & ARMVISOR_WFE_CAP_WATCHDOG) &&
        (info.capabilities & ARMVISOR_WFE_CAP_ACTION_INTERRUPT);
    printf("detect: agent=%s caps=0x%lx\n", armvisor_agent_name(&info), info.capabilities);
    if (!usable) {
        printf("watchdog-pnmi: available=0\n");
        return 0;
    }

    gic_init(ARMVISOR_IRQ_PRIORITY);
    armvisor_pnmi_init_cpu(&pnmi, regular_handler, pnmi_handler, 0);
    armvisor_pnmi_designate(&pnmi, PNMI_INTID, 1);
    gic_set_priority(PNMI_INTID, ARMVISOR_PNMI_PRIORITY);
    gic_set_edge(PNMI_INTID);
    gic_route_to_self(PNMI_INTID);
    gic_enable(PNMI_INTID);
    kit_irq_hook = on_irq;
    __asm__ volatile("msr daifclr, #2" : : : "memory");

    int status = armvisor_watchdog_configure(WATCHDOG_MS, ARMVISOR_WATCHDOG_INTERRUPT, 0);
    printf("config-interrupt: status=%s timeout-ms=%d\n", armvisor_wfe_status_name(status), WATCHDOG_MS);
    kit_check(status == ARMVISOR_WFE_OK, "watchdog with the interrupt action");
    armvisor_irq_disable(&pnmi);
    uint64_t t0 = kit_now_us();
    while (pnmi_runs == 0 && kit_now_us() - t0 < 5000000) {
    }
    printf("watchdog-pnmi: delivered=%lu intid=%u while-off=%d pmr=0x%x after-ms=%lu regular-runs=%lu\n", pnmi_runs,
        pnmi_intid, !armvisor_irq_enabled(&pnmi), armvisor_icc_pmr_read(),
        pnmi_runs ? (pnmi_at_us - t0) / 1000 : 0, regular_runs);
    kit_check(pnmi_runs == 1 && pnmi_intid == PNMI_INTID, "the expiry arrived once as the PNMI");
    /* No lower bound on after-ms here: the watchdog runs on host time, and the guest's counter need not keep pace with
     * it on a loaded host; the host log states when the expiry was due and fired. */

    status = armvisor_watchdog_disable();
    printf("disable: status=%s\n", armvisor_wfe_status_name(status));
    armvisor_irq_enable(&pnmi);
    struct armvisor_pnmi_cpu *c = armvisor_pnmi_this_cpu(&pnmi);
    printf("balance: acks=%lu eoir=%lu dir=%lu active=%d rpr=0x%x\n", c->acks, c->eoir, c->dir, gic_active(PNMI_INTID),
        armvisor_icc_rpr());
    kit_check(c->acks == c->eoir && c->eoir == c->dir, "EOI bookkeeping balanced");
    return 0;
}
