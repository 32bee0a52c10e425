/*
 * wfe-bench: the round-trip cost of one request on each guest-to-hypervisor path, in the same engine (issue 5):
 *   - a WFE-channel request (WATCHDOG_PET: one trapped WFE, no device emulation),
 *   - an HVC hypercall (SMCCC_VERSION, answered by the hypervisor core),
 *   - an MMIO write (a store to the PL031 RTC match register: a stage-2 abort emulated from the syndrome and a bus
 *     dispatch to the device model, the path an MMIO watchdog device would take).
 * Each is timed over ITERATIONS calls with CNTVCT_EL0 and printed in counter ticks and nanoseconds per call.
 */
#include "kit.h"
#include <armvisor/wfe_channel.h>

#ifndef ITERATIONS
#define ITERATIONS 20000
#endif

#define PL031_MR ((volatile uint32_t *)0x09010004UL)

static inline uint64_t counter(void)
{
    uint64_t value;
    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(value));
    return value;
}

static inline uint64_t hvc_smccc_version(void)
{
    register uint64_t x0 __asm__("x0") = 0x80000000UL;
    __asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
    return x0;
}

static void report(const char *name, uint64_t ticks, uint64_t frequency)
{
    uint64_t per_call_ps = ticks * 1000000000000UL / frequency / ITERATIONS;
    printf("bench %s: calls=%u ticks=%lu ns-per-call=%lu.%03lu\n", name, ITERATIONS, ticks,
           per_call_ps / 1000, per_call_ps % 1000);
}

int main(void)
{
    kit_guest_name = "wfe-bench";
    uint64_t frequency = READ_SYSREG(cntfrq_el0);
    struct armvisor_agent_info info = armvisor_detect();
    printf("detect: agent=%s\n", armvisor_agent_name(&info));
    if (!info.present || !(info.capabilities & ARMVISOR_WFE_CAP_WATCHDOG)) {
        printf("bench: no WFE-channel watchdog here\n");
        return 0;
    }

    kit_check(armvisor_watchdog_configure(60000, ARMVISOR_WATCHDOG_LOG, 0) == ARMVISOR_WFE_OK, "configure");
    uint64_t start = counter();
    for (int i = 0; i < ITERATIONS; i++) {
        armvisor_watchdog_pet();
    }
    report("wfe-channel-pet-library", counter() - start, frequency);

    /* The bare channel: one request, one trapped WFE, no event-stream set-up around it. */
    struct armvisor_wfe_regs pet = { ARMVISOR_WFE_REQUEST_MAGIC, ARMVISOR_WFE_WATCHDOG_PET, 0, 0 };
    start = counter();
    for (int i = 0; i < ITERATIONS; i++) {
        armvisor_wfe_once(pet);
    }
    report("wfe-channel-pet-raw", counter() - start, frequency);
    kit_check(armvisor_watchdog_disable() == ARMVISOR_WFE_OK, "disable");

    start = counter();
    for (int i = 0; i < ITERATIONS; i++) {
        hvc_smccc_version();
    }
    report("hvc-smccc-version", counter() - start, frequency);

    start = counter();
    for (int i = 0; i < ITERATIONS; i++) {
        *PL031_MR = (uint32_t)i;
    }
    report("mmio-write", counter() - start, frequency);
    return 0;
}
