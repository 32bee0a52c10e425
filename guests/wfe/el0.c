/*
 * wfe-el0: the privilege filter (patents.md §1(e) 6). The same request magic issued at EL0 is not a hypervisor
 * command: with SCTLR_EL1.nTWE = 1 the WFE goes past EL1 to the hypervisor, which must treat it as an ordinary WFE
 * (registers unchanged) unless the VM's configuration lets EL0 use DETECT; watchdog commands are never accepted from
 * EL0. With SCTLR_EL1.nTWE = 0 the WFE traps to this kernel first (EC 0x01; DDI0487 D1.16.2 checks nTWE before
 * HCR_EL2.TWE), which is the OS acting as its own agent.
 */
#include "kit.h"
#include <armvisor/wfe_channel.h>

#define SCTLR_NTWE (1UL << 18)

void el0_request(void);

static struct kit_el0_regs run_at_el0(uint64_t command, uint64_t argument0, uint64_t argument1)
{
    struct kit_el0_regs regs = { { ARMVISOR_WFE_REQUEST_MAGIC, command, argument0, argument1, ARMVISOR_WFE_RESPONSE_MAGIC } };
    uint64_t saved = armvisor_event_stream_begin();
    kit_run_el0(el0_request, &regs);
    armvisor_event_stream_end(saved);
    return regs;
}

static const char *x0_name(uint64_t x0)
{
    return x0 == ARMVISOR_WFE_REQUEST_MAGIC ? "request" : x0 == ARMVISOR_WFE_RESPONSE_MAGIC ? "response" : "other";
}

int main(void)
{
    kit_guest_name = "wfe-el0";
    struct armvisor_agent_info el1 = armvisor_detect();
    printf("el1-detect: agent=%s attempts=%u\n", armvisor_agent_name(&el1), el1.attempts);

    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) | SCTLR_NTWE);
    ISB();
    struct kit_el0_regs detect = run_at_el0(ARMVISOR_WFE_DETECT, 0, 0);
    printf("el0-detect: answered=%d x0=%s x1=0x%lx\n", detect.x[0] == ARMVISOR_WFE_RESPONSE_MAGIC, x0_name(detect.x[0]),
        detect.x[1]);

    struct kit_el0_regs config = run_at_el0(ARMVISOR_WFE_WATCHDOG_CONFIG, 100, ARMVISOR_WATCHDOG_RESET);
    printf("el0-watchdog-config: answered=%d x0=%s\n", config.x[0] == ARMVISOR_WFE_RESPONSE_MAGIC, x0_name(config.x[0]));
    kit_check(config.x[0] != ARMVISOR_WFE_RESPONSE_MAGIC, "EL0 cannot configure a watchdog");
    kit_check(config.x[1] == ARMVISOR_WFE_WATCHDOG_CONFIG && config.x[2] == 100, "EL0 request registers unchanged");

    /* Nothing was armed: PET from EL1 finds no watchdog (or no agent). */
    int pet = armvisor_watchdog_pet();
    printf("el1-pet-after: status=%s\n", armvisor_wfe_status_name(pet));
    kit_check(pet == ARMVISOR_WFE_NOT_CONFIGURED || pet == ARMVISOR_WFE_ABSENT, "no watchdog armed by EL0");

    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) & ~SCTLR_NTWE);
    ISB();
    kit_el0_wfe_traps = 0;
    struct kit_el0_regs trapped = run_at_el0(ARMVISOR_WFE_DETECT, 0, 0);
    printf("el0-ntwe0: traps-to-el1=%d x0=%s\n", kit_el0_wfe_traps, x0_name(trapped.x[0]));
    /* Armvisor traps the WFEs that would wait (EC 0x01 to EL1; an ERET sets the event register, so a WFE right after
     * one completes at once); QEMU's TCG never traps WFE (it treats WFE as YIELD): the host test asserts the count per
     * platform. */
    kit_check(kit_el0_wfe_traps <= 3 && trapped.x[0] != ARMVISOR_WFE_RESPONSE_MAGIC, "EL0 WFEs trapped to EL1, never answered");
    kit_check(trapped.x[0] == ARMVISOR_WFE_REQUEST_MAGIC, "EL1 trap left the request untouched");
    return 0;
}
