/*
 * Exclusives (DDI0487 B2.9 "Synchronization and semaphores"): an LDXR/STXR increment loop, a STXR that fails after
 * CLREX and after an exception return (both clear the local monitor), acquire/release forms and the 128-bit pair.
 * Runs with the identity map on so the location is Normal memory.
 */
#include "systest.h"

static volatile uint64_t counter __attribute__((aligned(64)));
static volatile uint64_t pair[2] __attribute__((aligned(16)));

static uint32_t increment(volatile uint64_t *p, unsigned times)
{
    uint32_t failures = 0;
    for (unsigned i = 0; i < times; i++) {
        uint64_t value;
        uint32_t status;
        do {
            __asm__ volatile("ldxr %0, [%2]\n add %0, %0, #1\n stxr %w1, %0, [%2]"
                             : "=&r"(value), "=&r"(status) : "r"(p) : "memory");
            failures += status;
        } while (status != 0);
    }
    return failures;
}

int main(void)
{
    mmu_enable_identity();

    counter = 0;
    increment(&counter, 1000);
    check("ldxr_stxr_loop.counter", counter, 1000);

    uint64_t value;
    uint32_t status;
    counter = 5;
    __asm__ volatile("ldxr %0, [%2]\n clrex\n stxr %w1, %0, [%2]" : "=&r"(value), "=&r"(status) : "r"(&counter) : "memory");
    check("stxr_after_clrex.status", status, 1);
    check("stxr_after_clrex.memory", counter, 5);

    counter = 6;
    expect_exception();
    __asm__ volatile("ldxr %0, [%2]\n svc #7\n stxr %w1, %0, [%2]" : "=&r"(value), "=&r"(status) : "r"(&counter) : "memory");
    check("stxr_after_eret.exceptions", last.count, 1);
    check("stxr_after_eret.status", status, 1);

    counter = 7;
    __asm__ volatile("ldaxr %0, [%2]\n add %0, %0, #3\n stlxr %w1, %0, [%2]" : "=&r"(value), "=&r"(status) : "r"(&counter) : "memory");
    check("ldaxr_stlxr.status", status, 0);
    check("ldaxr_stlxr.memory", counter, 10);

    pair[0] = 1;
    pair[1] = 2;
    uint64_t lo, hi;
    __asm__ volatile("ldxp %0, %1, [%3]\n add %0, %0, #10\n add %1, %1, #20\n stxp %w2, %0, %1, [%3]"
                     : "=&r"(lo), "=&r"(hi), "=&r"(status) : "r"(pair) : "memory");
    check("ldxp_stxp.status", status, 0);
    check("ldxp_stxp.low", pair[0], 11);
    check("ldxp_stxp.high", pair[1], 22);

    /* STXR without a preceding LDXR: the monitor is open only after LDXR (it was cleared by the last STXP). */
    __asm__ volatile("stxr %w0, %1, [%2]" : "=&r"(status) : "r"(99UL), "r"(&counter) : "memory");
    check("stxr_without_ldxr.status", status, 1);
    check("stxr_without_ldxr.memory", counter, 10);

    uint64_t acquired;
    __asm__ volatile("stlr %1, [%2]\n ldar %0, [%2]" : "=&r"(acquired) : "r"(42UL), "r"(&counter) : "memory");
    check("stlr_ldar", acquired, 42);

    mmu_disable();
    return finish("exclusives");
}
