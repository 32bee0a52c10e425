/*
 * wfe-discover32: the AArch32 client of armvisor/wfe_channel.h (R0-R3, the low words of the magics) on an ARMv8-A
 * guest in AArch32 state (SVC mode). With no agent (QEMU) it reports "absent" after three bounded WFEs and never
 * faults, also with the event register pre-set (SEVL); WFEs with random R0-R3 never get a response. Output follows
 * the guest-kit convention (docs/guest-kit.md).
 */
#include "rt32.h"
#include <armvisor/wfe_channel.h>

static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

static void print_info(const char *name, struct armvisor_agent_info info)
{
    put_str(name);
    put_str(": agent=");
    put_str(armvisor_agent_name(&info));
    put_str(" present=");
    put_dec((uint32_t)info.present);
    put_str(" attempts=");
    put_dec(info.attempts);
    put_str(" caps=");
    put_hex((uint32_t)info.capabilities);
    put_str("\n");
}

int main(void)
{
    unsigned failures = 0;
    struct armvisor_agent_info info = armvisor_detect();
    print_info("detect32", info);
    failures += !info.present && info.attempts != ARMVISOR_WFE_ATTEMPTS;

    __asm__ volatile("sevl" : : : "memory");
    struct armvisor_agent_info sevl = armvisor_detect();
    print_info("sevl-detect32", sevl);
    failures += sevl.present != info.present;

    uint32_t state = 0x12345678u;
    uint32_t responses = 0, changed = 0;
    uint64_t saved = armvisor_event_stream_begin();
    for (unsigned i = 0; i < 10000; i++) {
        struct armvisor_wfe_regs in = { next_random(&state), next_random(&state), next_random(&state), next_random(&state) };
        if (in.x0 == ARMVISOR_WFE_REQUEST_MAGIC32) {
            in.x0 ^= 1;
        }
        struct armvisor_wfe_regs out = armvisor_wfe_once(in);
        responses += out.x0 == ARMVISOR_WFE_RESPONSE_MAGIC32;
        changed += out.x0 != in.x0 || out.x1 != in.x1 || out.x2 != in.x2 || out.x3 != in.x3;
    }
    armvisor_event_stream_end(saved);
    put_str("random32: wfes=10000 responses=");
    put_dec(responses);
    put_str(" changed=");
    put_dec(changed);
    put_str("\n");
    failures += responses != 0 || changed != 0;

    put_str("GUESTKIT-END wfe-discover32 failures=");
    put_dec(failures);
    put_str("\n");
    return 0;
}
