/*
 * wfe-smp (run with two CPUs): an ordinary WFE keeps its architectural meaning (patents.md §1(e) 2). CPU 1 waits in
 * WFE with arbitrary X0-X3 (X0 holds the flag's address, like a spin loop) until CPU 0 sets a flag and executes SEV;
 * then it waits on a lock with the LDAXR/WFE pattern until CPU 0's store-release clears its exclusive monitor
 * (DDI0487 D1.16.1 wake-up events: SEV, the clearing of the global monitor). Its registers must come back unchanged
 * and it must not see the flag before CPU 0 set it. CPU 1 runs with the event stream off, so under an agent that
 * sleeps the vCPU it wakes a handful of times, not thousands.
 */
#include "kit.h"
#include <armvisor/wfe_channel.h>

struct shared {
    volatile uint64_t ready;
    volatile uint64_t go;
    volatile uint64_t go_set_at;
    volatile uint64_t go_seen_at;
    volatile uint64_t sev_wakeups;
    volatile uint64_t changed;
    volatile uint64_t lock;
    volatile uint64_t lock_released_at;
    volatile uint64_t lock_taken_at;
    volatile uint64_t lock_wakeups;
    volatile uint64_t done;
};

static struct shared shared __attribute__((aligned(64)));

/* Same MAIR/TCR/TTBR/SCTLR as common/mmu.c's identity map, reusing CPU 0's tables (D8.2). */
static void mmu_enable_secondary(void)
{
    WRITE_SYSREG(mair_el1, 0xFF00UL);
    WRITE_SYSREG(tcr_el1, 25UL | (1UL << 8) | (1UL << 10) | (3UL << 12) | (1UL << 23));
    WRITE_SYSREG(ttbr0_el1, (uint64_t)mmu_tables());
    ISB();
    __asm__ volatile("tlbi vmalle1\n dsb nsh\n isb" : : : "memory");
    WRITE_SYSREG(sctlr_el1, 0x30D00800UL | 1UL | (1UL << 2) | (1UL << 12));
    ISB();
}

/* LDAXR/WFE lock acquire (the SEVL-primed loop); returns the number of WFEs executed. */
static uint64_t lock_acquire_counting(volatile uint64_t *lock)
{
    uint64_t wakeups = 0, value, failed;
    __asm__ volatile(
        "   sevl\n"
        "1: wfe\n"
        "   add %[n], %[n], #1\n"
        "2: ldaxr %[v], [%[lock]]\n"
        "   cbnz %[v], 1b\n"
        "   mov %[v], #1\n"
        "   stxr %w[f], %[v], [%[lock]]\n"
        "   cbnz %w[f], 2b\n"
        : [n] "+r"(wakeups), [v] "=&r"(value), [f] "=&r"(failed)
        : [lock] "r"(lock)
        : "memory");
    return wakeups - 1; /* the SEVL-primed first WFE does not wait */
}

static void secondary(unsigned cpu)
{
    (void)cpu;
    mmu_enable_secondary();
    WRITE_SYSREG(cntkctl_el1, READ_SYSREG(cntkctl_el1) & ~(1UL << 2)); /* EVNTEN = 0 */
    ISB();
    shared.ready = 1;
    __asm__ volatile("dsb ish" : : : "memory");

    uint64_t wakeups = 0, changed = 0;
    while (!shared.go) {
        struct armvisor_wfe_regs in = { (uint64_t)&shared.go, 0x1111, 0x2222, 0x3333 };
        struct armvisor_wfe_regs out = armvisor_wfe_once(in);
        changed += out.x0 != in.x0 || out.x1 != in.x1 || out.x2 != in.x2 || out.x3 != in.x3;
        wakeups++;
    }
    shared.go_seen_at = kit_ticks();
    shared.sev_wakeups = wakeups;
    shared.changed = changed;

    shared.lock_wakeups = lock_acquire_counting(&shared.lock);
    shared.lock_taken_at = kit_ticks();
    __asm__ volatile("dsb ish" : : : "memory");
    shared.done = 1;
    __asm__ volatile("dsb ish\n sev" : : : "memory");
}

static int wait_for(volatile uint64_t *flag, uint64_t timeout_us)
{
    uint64_t end = kit_now_us() + timeout_us;
    while (!*flag) {
        if (kit_now_us() > end) {
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    kit_guest_name = "wfe-smp";
    printf("psci: conduit=%s dtb=0x%lx\n", kit_conduit_name(kit_psci_conduit()), kit_boot_dtb);
    mmu_enable_identity();
    shared.lock = 1; /* held by CPU 0 */
    kit_secondary_body = secondary;
    int64_t status = kit_cpu_on(1);
    printf("cpu-on: cpu=1 status=%ld\n", status);
    kit_check(status == 0, "CPU_ON of CPU 1 (run with two CPUs)");
    if (status != 0 || !wait_for(&shared.ready, 5000000)) {
        kit_check(0, "CPU 1 came up");
        return 0;
    }

    kit_delay_us(50000);
    shared.go_set_at = kit_ticks();
    __asm__ volatile("dsb ish" : : : "memory");
    shared.go = 1;
    __asm__ volatile("dsb ish\n sev" : : : "memory");

    kit_delay_us(50000);
    shared.lock_released_at = kit_ticks();
    __asm__ volatile("stlr xzr, [%0]" : : "r"(&shared.lock) : "memory"); /* no SEV: the monitor clear wakes CPU 1 */

    int done = wait_for(&shared.done, 5000000);
    kit_check(done, "CPU 1 finished within 5 s");
    uint64_t per_ms = kit_ticks_per_ms();
    printf("sev-wake: woke=%d wakeups=%lu changed=%lu after-set=%d latency-us=%lu\n", shared.go_seen_at != 0,
        shared.sev_wakeups, shared.changed, shared.go_seen_at >= shared.go_set_at,
        (shared.go_seen_at - shared.go_set_at) * 1000 / per_ms);
    printf("monitor-wake: woke=%d wakeups=%lu after-release=%d latency-us=%lu\n", done,
        shared.lock_wakeups, shared.lock_taken_at >= shared.lock_released_at,
        (shared.lock_taken_at - shared.lock_released_at) * 1000 / per_ms);
    kit_check(shared.changed == 0, "ordinary WFE leaves X0-X3 unchanged");
    kit_check(shared.go_seen_at >= shared.go_set_at, "CPU 1 did not run ahead of the SEV");
    kit_check(!done || shared.lock_taken_at >= shared.lock_released_at, "CPU 1 took the lock after its release");
    return 0;
}
