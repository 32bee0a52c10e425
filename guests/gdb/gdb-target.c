/*
 * gdb-target: the bare-metal guest the GDB stub tests debug on Armvisor and on qemu-system-aarch64 alike (issue 17).
 * CPU 0 starts CPU 1 with PSCI CPU_ON; CPU 1 sets x19 to a marker and spins at secondary_spin; once it has arrived,
 * CPU 0 calls gdb_break_here(0x1234, 0x5678) and then gdb_compute, a loop of pure arithmetic, so that a breakpoint, the
 * registers there and the state after any number of single steps are the same on both. Then gdb_watch_target stores,
 * loads and stores gdb_watched, for watch/rwatch/awatch (hardware watchpoints, Z2-Z4). Run with 2 CPUs.
 */
#include "guest.h"

#define PSCI_CPU_ON_64 0xC4000003UL

volatile uint64_t gdb_counter;
volatile uint64_t gdb_watched;
volatile uint64_t gdb_secondary_ready;
uint64_t gdb_secondary_stack[512] __attribute__((aligned(16)));

void secondary_entry(void);
__asm__(
    "    .global secondary_entry\n"
    "secondary_entry:\n"
    "    ldr x0, =gdb_secondary_stack + 4096\n"
    "    mov sp, x0\n"
    "    bl secondary_main\n"
    "    mov x19, #0x5151\n"
    "    .global secondary_spin\n"
    "secondary_spin:\n"
    "    b secondary_spin\n");

void secondary_main(void)
{
    __atomic_store_n(&gdb_secondary_ready, 1, __ATOMIC_SEQ_CST);
    __asm__ volatile("sev");
}

uint64_t __attribute__((noinline)) gdb_break_here(uint64_t a, uint64_t b)
{
    gdb_counter += a ^ b;
    return gdb_counter;
}

uint64_t __attribute__((noinline)) gdb_compute(uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 300; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        x ^= x >> 17;
    }
    return x;
}

uint64_t __attribute__((noinline)) gdb_watch_target(uint64_t v)
{
    gdb_watched = v;          /* watch: a store */
    uint64_t r = gdb_watched; /* rwatch: a load */
    gdb_watched = r + 1;      /* awatch: a store, then the load below */
    return gdb_watched;
}

int main(void)
{
    uint64_t on = psci_call(PSCI_CPU_ON_64, 1, (uint64_t)secondary_entry, 0);
    while (on == 0 && __atomic_load_n(&gdb_secondary_ready, __ATOMIC_SEQ_CST) == 0) {
        __asm__ volatile("wfe");
    }

    uint64_t r = gdb_break_here(0x1234, 0x5678);
    uint64_t c = gdb_compute(r);
    printf("gdb-target: cpu-on=%lu counter=0x%lx compute=0x%lx\n", on, r, c);
    printf("gdb-target: watched=0x%lx\n", gdb_watch_target(0xDE4));
    return 0;
}
