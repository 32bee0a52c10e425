/*
 * wfe-discover: safe discovery through the WFE channel (patents.md §2(e) 1-4, §1(e) 1, 3, 4) and the contrast probe.
 * The same binary answers "hypervisor" under Armvisor, "secure-monitor" with no EL2 agent and a monitor that traps
 * WFE, and "absent" with no trapping agent or on qemu-system-aarch64 — and never takes an exception doing so. The
 * HVC and SMC probes show the hazard the channel avoids: with no agent at that level they are UNDEFINED (EC 0x00).
 */
#include "kit.h"
#include <armvisor/wfe_channel.h>

#define SMCCC_VERSION 0x80000000UL

static volatile struct armvisor_wfe_block block;

static void print_info(const char *name, struct armvisor_agent_info info, uint64_t elapsed_us)
{
    printf("%s: agent=%s present=%d version=%u caps=0x%lx attempts=%u elapsed-us=%lu\n", name,
        armvisor_agent_name(&info), info.present, info.abi_version, info.capabilities, info.attempts, elapsed_us);
}

static void probe(const char *name, int use_smc)
{
    struct kit_probe p;
    register uint64_t x0 __asm__("x0") = SMCCC_VERSION;
    kit_probe_begin();
    if (use_smc) {
        __asm__ volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
    } else {
        __asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
    }
    uint64_t result = x0;
    if (kit_probe_end(&p)) {
        printf("%s: undefined=1 ec=0x%02lx il=%lu\n", name, KIT_ESR_EC(p.esr), KIT_ESR_IL(p.esr));
        kit_check(KIT_ESR_EC(p.esr) == KIT_EC_UNKNOWN, "probe exception is EC 0x00 (UNDEFINED)");
    } else {
        printf("%s: undefined=0 x0=0x%lx\n", name, result);
    }
}

int main(void)
{
    kit_guest_name = "wfe-discover";
    int undefined = 0;
    int64_t version = kit_smccc(0x84000000UL /* PSCI_VERSION */, 0, 0, 0, &undefined);
    printf("psci: conduit=%s version=0x%lx undefined=%d\n", kit_conduit_name(kit_psci_conduit()), version, undefined);
    uint64_t period_us = (2ULL << armvisor_event_stream_evnti(READ_SYSREG(cntfrq_el0), ARMVISOR_WFE_EVENT_PERIOD_US)) *
        1000000 / READ_SYSREG(cntfrq_el0);
    printf("event-stream: period-us=%lu attempts-max=%d\n", period_us, ARMVISOR_WFE_ATTEMPTS);

    /* §2(e)1 / §1(e)1: DETECT answered by the first WFE; §2(e)2 / §1(e)4: absent, bounded, no exception. */
    uint64_t t0 = kit_now_us();
    struct armvisor_agent_info info = armvisor_detect();
    uint64_t elapsed = kit_now_us() - t0;
    print_info("detect", info, elapsed);
    kit_check(info.present ? info.abi_version == 1 : info.attempts == ARMVISOR_WFE_ATTEMPTS, "detect result consistent");
    kit_check(elapsed < 1000000, "detect completes within 1 s (3 event periods plus host scheduling)");

    /* §2(e)4 / §1(e)3: the event register is set, so the first WFE completes without trapping; the retry traps. */
    __asm__ volatile("sevl" : : : "memory");
    t0 = kit_now_us();
    struct armvisor_agent_info sevl = armvisor_detect();
    print_info("sevl-detect", sevl, kit_now_us() - t0);
    kit_check(sevl.present == info.present, "sevl-detect agrees with detect");

    /* Claim 5: the request in a memory block; the agent writes the response into the block and X0-X3. */
    struct armvisor_wfe_result r = armvisor_request_block(&block, (uint64_t)&block, ARMVISOR_WFE_DETECT, 0, 0);
    printf("block-detect: status=%s attempts=%u block-response=%d identity=0x%lx caps=0x%lx\n",
        armvisor_wfe_status_name(r.status), r.attempts, block.response_magic == ARMVISOR_WFE_RESPONSE_MAGIC,
        r.result0, r.result1);

    struct armvisor_agent_info monitor = armvisor_query_secure_monitor();
    printf("query-monitor: monitor=%s identity=0x%lx caps=0x%lx\n", armvisor_agent_name(&monitor), monitor.identity,
        monitor.capabilities);

    r = armvisor_request(99, 0, 0);
    printf("unknown-command: status=%s attempts=%u\n", armvisor_wfe_status_name(r.status), r.attempts);

    /* §2(e)3: the conventional probes; UNDEFINED where no agent implements the level (DDI0487 C6.2.112, C6.2.255). */
    probe("hvc-probe", 0);
    probe("smc-probe", 1);

    printf("faults: unexpected=%d\n", kit_unexpected_exceptions());
    return 0;
}
