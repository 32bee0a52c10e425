/*
 * prda-spin: the spinlock benchmark of issue 14 (patents.md §3, the lock-holder-preemption problem). SPIN_CPUS vCPUs
 * (8; run with --cpus 8) take one test-and-test-and-set spinlock SPIN_ITERATIONS times each, do a short critical
 * section on shared data, then work outside the lock. The holder marks itself non-preemptible in its PRDA
 * (prda_preempt_disable/enable through PRDA_VA), so Armvisor's M:N scheduler (--host-threads M) defers a time slice
 * that ends while the lock is held and the holder YIELDs when it leaves the region; with --preempt-deferral off a
 * holder can be descheduled with the lock held and every waiter spins out its slice. Waiters spin without WFE, as
 * a naive (non-paravirtual) lock does, so what is measured is the holder's preemption.
 *
 * Without the hypervisor (QEMU: WFE PRDA_INFO gets no answer) the per-CPU area is each CPU's own RAM page reached
 * through TPIDR_EL1, and the depth is kept there (nobody reads it).
 *
 * Output, one line each (scripts/bench-prda.sh parses them; times are guest counter time, which is host time unless
 * --deterministic):
 *   access: alias_ns=A tpidr_ns=T          per read-modify-write of a per-CPU counter, 10^6 each, on CPU 0
 *   spin: cpus=N iterations=I ms=M acquisitions_per_ms=R wait_ms=W max_wait_us=X counter=C ok=1 deferrals=D forced=F
 */
#include "kit.h"
#include "prda_map.h"
#include <armvisor/prda.h>

#ifndef SPIN_CPUS
#define SPIN_CPUS 8
#endif
#ifndef SPIN_ITERATIONS
#define SPIN_ITERATIONS 4000
#endif
#define CRITICAL_WORK 40 /* LCG steps on shared data while holding the lock */
#define OUTSIDE_WORK 160 /* LCG steps on local data between acquisitions */
#define ACCESS_ROUNDS 1000000

struct cpu_result {
    uint64_t wait_ticks;
    uint64_t max_wait_ticks;
    uint64_t deferrals;
    uint64_t forced;
    uint64_t end_ticks;
    volatile int done;
} __attribute__((aligned(64)));

static volatile uint32_t lock_word __attribute__((aligned(64)));
static struct {
    volatile uint64_t counter;
    volatile uint64_t acc;
} shared __attribute__((aligned(64)));
static struct cpu_result results[SPIN_CPUS];
static uint8_t own_pages[SPIN_CPUS][4096] __attribute__((aligned(4096)));
static int have_alias;
static volatile uint64_t start_ticks;
static volatile int go;

void prda_os_yield(void) {} /* no OS scheduler in this guest: only the hypervisor defers */

static struct armvisor_prda *self(void)
{
    return have_alias ? PRDA : (struct armvisor_prda *)READ_SYSREG(tpidr_el1);
}

static void preempt_disable(void)
{
    if (have_alias) {
        prda_preempt_disable();
    } else {
        self()->non_preempt_depth++;
    }
}

static void preempt_enable(void)
{
    if (have_alias) {
        prda_preempt_enable();
    } else {
        self()->non_preempt_depth--;
    }
}

/* Test-and-test-and-set with LDAXR/STXR (DDI0487 B2.9): acquire semantics on the successful load-exclusive. */
static uint64_t lock_acquire(void)
{
    uint64_t t0 = kit_ticks();
    uint32_t failed;
    do {
        while (__atomic_load_n(&lock_word, __ATOMIC_RELAXED) != 0) {
        }
        uint32_t old;
        __asm__ volatile("ldaxr %w0, [%2]\n"
                         "cbnz %w0, 1f\n"
                         "stxr %w1, %w3, [%2]\n"
                         "b 2f\n"
                         "1: clrex\n"
                         "mov %w1, #1\n"
                         "2:"
                         : "=&r"(old), "=&r"(failed)
                         : "r"(&lock_word), "r"(1u)
                         : "memory");
    } while (failed);
    return kit_ticks() - t0;
}

static void lock_release(void)
{
    __asm__ volatile("stlr wzr, [%0]" : : "r"(&lock_word) : "memory");
}

static uint64_t lcg(uint64_t x) { return x * 6364136223846793005UL + 1442695040888963407UL; }

static void worker(unsigned cpu)
{
    struct cpu_result *r = &results[cpu];
    uint64_t local = cpu + 1;
    while (!go) {
    }
    for (int i = 0; i < SPIN_ITERATIONS; i++) {
        uint64_t waited = lock_acquire();
        preempt_disable();
        r->wait_ticks += waited;
        if (waited > r->max_wait_ticks) {
            r->max_wait_ticks = waited;
        }
        shared.counter = shared.counter + 1;
        uint64_t acc = shared.acc;
        for (int k = 0; k < CRITICAL_WORK; k++) {
            acc = lcg(acc);
        }
        shared.acc = acc;
        lock_release();
        preempt_enable();
        for (int k = 0; k < OUTSIDE_WORK; k++) {
            local = lcg(local);
            __asm__ volatile("" : "+r"(local));
        }
    }
    r->end_ticks = kit_ticks();
    r->deferrals = have_alias ? PRDA->hv_deferrals : 0;
    r->forced = have_alias ? PRDA->hv_forced : 0;
    __atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
}

static void cpu_setup(unsigned cpu)
{
    struct armvisor_prda *own = (struct armvisor_prda *)own_pages[cpu];
    own->cpu_id = cpu;
    WRITE_SYSREG(tpidr_el1, (uint64_t)own);
}

static void secondary(unsigned cpu)
{
    prda_map_secondary();
    cpu_setup(cpu);
    worker(cpu);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

/* Per-CPU counter increments: through the alias (one constant address) vs through a pointer kept in TPIDR_EL1. */
static void measure_access(void)
{
    uint64_t alias_ticks = 0;
    if (have_alias) {
        uint64_t t0 = kit_ticks();
        for (int i = 0; i < ACCESS_ROUNDS; i++) {
            PRDA->ctr = PRDA->ctr + 1;
        }
        alias_ticks = kit_ticks() - t0;
    }
    uint64_t t0 = kit_ticks();
    for (int i = 0; i < ACCESS_ROUNDS; i++) {
        struct armvisor_prda *p;
        __asm__ volatile("mrs %0, tpidr_el1" : "=r"(p));
        p->ctr = p->ctr + 1;
    }
    uint64_t tpidr_ticks = kit_ticks() - t0;
    uint64_t per_ms = kit_ticks_per_ms();
    /* Tenths of a nanosecond per access: ticks * 10^7 / (ticks per ms) / rounds. */
    uint64_t tpidr = tpidr_ticks * 10000000UL / per_ms / ACCESS_ROUNDS;
    if (have_alias) {
        uint64_t alias = alias_ticks * 10000000UL / per_ms / ACCESS_ROUNDS;
        printf("access: alias_ns=%lu.%lu tpidr_ns=%lu.%lu\n", alias / 10, alias % 10, tpidr / 10, tpidr % 10);
    } else {
        printf("access: alias_ns=na tpidr_ns=%lu.%lu\n", tpidr / 10, tpidr % 10);
    }
}

int main(void)
{
    prda_map_boot();
    have_alias = prda_discover() == ARMVISOR_PRDA_IPA && PRDA->magic == ARMVISOR_PRDA_MAGIC;
    cpu_setup(0);
    measure_access();
    kit_secondary_body = secondary;
    for (unsigned cpu = 1; cpu < SPIN_CPUS; cpu++) {
        int64_t status = kit_cpu_on(cpu);
        if (status != 0) {
            printf("FAIL cpu-on cpu=%u status=%ld (run with --cpus %d)\n", cpu, status, SPIN_CPUS);
            kit_power_off();
        }
    }
    start_ticks = kit_ticks();
    go = 1;
    worker(0);
    uint64_t end = 0, wait = 0, max_wait = 0, deferrals = 0, forced = 0;
    for (int cpu = 0; cpu < SPIN_CPUS; cpu++) {
        while (!__atomic_load_n(&results[cpu].done, __ATOMIC_ACQUIRE)) {
        }
        struct cpu_result *r = &results[cpu];
        end = r->end_ticks > end ? r->end_ticks : end;
        wait += r->wait_ticks;
        max_wait = r->max_wait_ticks > max_wait ? r->max_wait_ticks : max_wait;
        deferrals += r->deferrals;
        forced += r->forced;
    }
    uint64_t per_ms = kit_ticks_per_ms();
    uint64_t ms = (end - start_ticks) / per_ms;
    uint64_t total = (uint64_t)SPIN_CPUS * SPIN_ITERATIONS;
    int ok = shared.counter == total;
    printf("spin: cpus=%d iterations=%lu ms=%lu acquisitions_per_ms=%lu wait_ms=%lu max_wait_us=%lu counter=%lu ok=%d "
           "deferrals=%lu forced=%lu alias=%d\n",
           SPIN_CPUS, total, ms, ms ? total / ms : total, wait / per_ms / SPIN_CPUS, max_wait * 1000 / per_ms,
           shared.counter, ok, deferrals, forced, have_alias);
    kit_check(ok, "every acquisition counted once");
    kit_power_off();
}
