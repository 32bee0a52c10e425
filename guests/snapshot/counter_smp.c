/*
 * Snapshot test guest for 2 vCPUs (issue 20): CPU 0 starts CPU 1 with PSCI CPU_ON; each then counts in its own
 * variable, CPU 1 forever, CPU 0 in rounds of 200000 increments, printing its round and both counters every 10 rounds
 * ("smp R: cpu0=A cpu1=B"). A machine saved and restored anywhere must print the next round with both counters larger
 * than before the save: CPU 1's counter moving on proves the second vCPU was restored running, not reset or lost.
 * Powers off after ROUND_LIMIT rounds.
 */
#include "guest.h"

#define PSCI_CPU_ON_64 0xC4000003UL
#define ROUND_LIMIT 2000

volatile uint64_t smp_counts[2];
volatile uint64_t smp_secondary_ready;
uint64_t smp_secondary_stack[512] __attribute__((aligned(16)));

void smp_secondary_entry(void);
__asm__(
    "    .global smp_secondary_entry\n"
    "smp_secondary_entry:\n"
    "    ldr x0, =smp_secondary_stack + 4096\n"
    "    mov sp, x0\n"
    "    bl smp_secondary_main\n"
    "1:  b 1b\n");

void smp_secondary_main(void)
{
    __atomic_store_n(&smp_secondary_ready, 1, __ATOMIC_SEQ_CST);
    __asm__ volatile("sev");
    for (;;) {
        smp_counts[1]++;
    }
}

int main(void)
{
    uint64_t on = psci_call(PSCI_CPU_ON_64, 1, (uint64_t)smp_secondary_entry, 0);
    while (on == 0 && __atomic_load_n(&smp_secondary_ready, __ATOMIC_SEQ_CST) == 0) {
        __asm__ volatile("wfe");
    }
    printf("smp: cpu-on=%lu\n", on);
    for (uint64_t round = 1; round <= ROUND_LIMIT; round++) {
        for (int i = 0; i < 200000; i++) {
            smp_counts[0]++;
        }
        if (round % 10 == 0) {
            printf("smp %lu: cpu0=%lu cpu1=%lu\n", round, smp_counts[0], smp_counts[1]);
        }
    }
    printf("smp: done\n");
    return 0;
}
