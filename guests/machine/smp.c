/*
 * machine-smp: PSCI CPU_ON, AFFINITY_INFO and CPU_OFF on the secondaries of a 4-CPU virt machine (issue 3), with
 * output that does not depend on scheduling: secondaries only record what they saw; CPU 0 prints it in order.
 * Run with 4 CPUs (armvisor run --cpus 4, qemu-system-aarch64 -smp 4); ends with PSCI SYSTEM_OFF.
 */
#include "kit.h"

#define CPUS 4
#define PSCI_CPU_OFF 0x84000002UL
#define PSCI_AFFINITY_INFO_64 0xC4000004UL

static volatile uint64_t seen_mpidr[CPUS];
static volatile uint64_t seen_el[CPUS];
static volatile uint64_t arrived;

static void secondary(unsigned cpu)
{
    seen_mpidr[cpu] = READ_SYSREG(mpidr_el1) & 0xFFFFFF;
    seen_el[cpu] = READ_SYSREG(CurrentEL) >> 2;
    __atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
    __asm__ volatile("sev");
    int undefined;
    kit_smccc(PSCI_CPU_OFF, 0, 0, 0, &undefined);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

static int64_t affinity_info(unsigned cpu)
{
    int undefined;
    return kit_smccc(PSCI_AFFINITY_INFO_64, cpu, 0, 0, &undefined);
}

int main(void)
{
    kit_guest_name = "machine-smp";
    kit_secondary_body = secondary;
    printf("cpu0: mpidr=0x%lx\n", READ_SYSREG(mpidr_el1) & 0xFFFFFF);
    printf("cpu1: affinity-info before=%ld\n", affinity_info(1));
    for (unsigned cpu = 1; cpu < CPUS; cpu++) {
        printf("cpu%u: cpu-on=%ld\n", cpu, kit_cpu_on(cpu));
    }

    uint64_t deadline = kit_now_us() + 20000000;
    while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) != CPUS - 1 && kit_now_us() < deadline) {
        __asm__ volatile("wfe");
    }

    printf("arrived=%lu\n", arrived);
    for (unsigned cpu = 1; cpu < CPUS; cpu++) {
        printf("cpu%u: mpidr=0x%lx el=%lu\n", cpu, seen_mpidr[cpu], seen_el[cpu]);
    }

    printf("cpu0: cpu-on self=%ld\n", kit_cpu_on(0)); /* the caller itself: both QEMU and Armvisor refuse it */
    for (unsigned cpu = 1; cpu < CPUS; cpu++) {
        int64_t state;
        deadline = kit_now_us() + 20000000;
        while ((state = affinity_info(cpu)) != 1 && kit_now_us() < deadline) {
            kit_delay_us(100);
        }

        printf("cpu%u: affinity-info after cpu-off=%ld\n", cpu, state);
    }

    kit_check(arrived == CPUS - 1, "all secondaries arrived");
    return 0;
}
