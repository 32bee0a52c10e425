/*
 * wfe-random: no false positive (patents.md §2(e) 6, §1(e) 2). WFEs with random X0-X3 (never a request magic) must
 * keep their meaning: no response magic, registers unchanged. The event stream runs at its fastest rate so each
 * un-trapped or un-matched WFE ends quickly; CNTKCTL_EL1 is restored at the end.
 */
#include "kit.h"
#include <armvisor/wfe_channel.h>

#ifndef RANDOM_WFES
#define RANDOM_WFES 100000
#endif

int main(void)
{
    kit_guest_name = "wfe-random";
    uint64_t saved = READ_SYSREG(cntkctl_el1);
    /* EVNTI = 0, EVNTEN = 1: an event every two counter ticks (DDI0487 D17.9.4). */
    WRITE_SYSREG(cntkctl_el1, (saved & ~0xF8UL) | (1UL << 2));
    ISB();
    uint64_t state = 0x9E3779B97F4A7C15UL;
    unsigned responses = 0, changed = 0;
    uint64_t t0 = kit_now_us();
    for (unsigned i = 0; i < RANDOM_WFES; i++) {
        struct armvisor_wfe_regs in = { kit_random(&state), kit_random(&state), kit_random(&state), kit_random(&state) };
        if (in.x0 == ARMVISOR_WFE_REQUEST_MAGIC || in.x0 == ARMVISOR_WFE_MEMORY_MAGIC) {
            in.x0 ^= 1;
        }
        /* Half of them with a small X1 that looks like a command, so only the magic decides. */
        if (i & 1) {
            in.x1 = 1 + (in.x1 & 3);
        }
        struct armvisor_wfe_regs out = armvisor_wfe_once(in);
        responses += out.x0 == ARMVISOR_WFE_RESPONSE_MAGIC;
        changed += out.x0 != in.x0 || out.x1 != in.x1 || out.x2 != in.x2 || out.x3 != in.x3;
    }
    uint64_t elapsed = kit_now_us() - t0;
    WRITE_SYSREG(cntkctl_el1, saved);
    ISB();
    printf("random: wfes=%u responses=%u changed=%u elapsed-ms=%lu\n", RANDOM_WFES, responses, changed, elapsed / 1000);
    kit_check(responses == 0, "no random WFE got a response");
    kit_check(changed == 0, "no random WFE changed X0-X3");
    struct armvisor_agent_info info = armvisor_detect();
    printf("detect-after: agent=%s attempts=%u\n", armvisor_agent_name(&info), info.attempts);
    return 0;
}
