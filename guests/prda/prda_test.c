/*
 * prda-sched: the six tests of patents.md §3(e) on the guest kit's scheduler (sched.c), 4 CPUs. Each test prints one
 * "case: key=value" line; tests/Armvisor.Integration.Tests/GuestKit/PrdaGuestArmvisorTests checks them. Built twice:
 * prda-sched.elf (deferral on) and prda-sched-nodefer.elf (the control run: the timer always preempts at once).
 */
#include "sched.h"

#ifndef STRESS_ITERATIONS
#define STRESS_ITERATIONS 100000
#endif
#define WORKERS 8
#define REGION_SPIN 1000
#define STRESS_SPIN 16

/* Interrupts masked: no tick can switch the context away between a scripted migration (SVC) and what it checks. */
static void irq_off(void) { __asm__ volatile("msr daifset, #2" : : : "memory"); }
static void irq_on(void) { __asm__ volatile("msr daifclr, #2" : : : "memory"); }

static void spin(unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        __asm__ volatile("" : : : "memory");
    }
}

/* AT S1E1R (DDI0487 C5.5.2): the PA stage 1 gives va on this CPU, or ~0 on a fault. */
static uint64_t translate(uint64_t va)
{
    __asm__ volatile("at s1e1r, %0\n isb" : : "r"(va) : "memory");
    uint64_t par = READ_SYSREG(par_el1);
    return (par & 1) ? ~0UL : (par & 0xFFFFFFFFF000UL);
}

static void test_alias(void)
{
    int ok = 1;
    uint64_t ipa = 0;
    irq_off();
    for (int cpu = 0; cpu < SCHED_CPUS; cpu++) {
        sched_migrate(cpu);
        uint64_t pa = translate(PRDA_VA);
        int here = (int)(READ_SYSREG(mpidr_el1) & 0xFF);
        printf("alias-cpu%d: id=%lu mpidr-aff0=%d magic=0x%x ipa=0x%lx\n", cpu, PRDA->cpu_id, here, PRDA->magic, pa);
        ok &= PRDA->cpu_id == (uint64_t)cpu && here == cpu && PRDA->magic == ARMVISOR_PRDA_MAGIC;
        ipa = cpu == 0 ? pa : (ipa == pa ? ipa : ~0UL);
    }
    irq_on();
    printf("alias: cpus=%d ok=%d ipa=0x%lx\n", SCHED_CPUS, ok, ipa);
    kit_check(ok && ipa == ARMVISOR_PRDA_IPA, "§3(e)1 PRDA_VA reads the executing CPU's id on every CPU");
}

static void test_stale_pointer(void)
{
    irq_off();
    sched_migrate(0);
    struct armvisor_prda *volatile p = PRDA; /* obtained on CPU 0 */
    uint64_t before0 = p->scratch;
    sched_migrate(1);
    p->scratch = 0xABCD; /* used on CPU 1 */
    uint64_t on1 = PRDA->scratch;
    sched_migrate(0);
    uint64_t after0 = p->scratch;
    irq_on();
    printf("stale-pointer: prda1=0x%lx prda0-before=0x%lx prda0-after=0x%lx\n", on1, before0, after0);
    kit_check(on1 == 0xABCD && after0 == before0, "§3(e)2 a pointer obtained on CPU 0 reaches CPU 1's PRDA after migrating");
}

/* §3(e)3: a context with its own page table; its PRDA_VA entry is rewritten from TPIDR_EL1 on every switch-in. */
static uint64_t ctx_l1[512] __attribute__((aligned(4096)));
static uint64_t ctx_l2[512] __attribute__((aligned(4096)));
static uint64_t ctx_l3[512] __attribute__((aligned(4096)));

static void claim2_body(struct sched_ctx *c)
{
    volatile uint64_t *pte = c->prda_pte;
    uint64_t pa[SCHED_CPUS];
    int distinct = 1;
    irq_off();
    for (int cpu = 0; cpu < SCHED_CPUS; cpu++) {
        sched_migrate(cpu);
        pa[cpu] = translate(PRDA_VA);
        for (int k = 0; k < cpu; k++) {
            distinct &= pa[k] != pa[cpu];
        }
        distinct &= pa[cpu] == (uint64_t)sched_os_prda(cpu) && PRDA->cpu_id == (uint64_t)cpu;
    }
    sched_migrate(1);
    uint64_t first1 = PRDA->cpu_id; /* the TLB of CPU 1 now holds PRDA_VA -> PA1 */
    uint64_t tlbis = c->tlbi_count;
    sched_migrate(2);
    uint64_t tpidr = READ_SYSREG(tpidr_el1);
    int pte_ok = *pte == tpidr;
    uint64_t first2 = PRDA->cpu_id; /* the first access after the switch */
    int logged = c->tlbi_count == tlbis + 1 && c->tlbi_va == PRDA_VA;

    /* The TLBI is what makes it right: put PA1 in this CPU's TLB, rewrite the entry without TLBI — a stale hit —
     * then invalidate. */
    *pte = prda_pte((uint64_t)sched_os_prda(1), MAIR_NORMAL_WB);
    __asm__ volatile("dsb ishst" : : : "memory");
    prda_tlbi_local(PRDA_VA);
    uint64_t via_pa1 = PRDA->cpu_id;
    *pte = tpidr;
    __asm__ volatile("dsb ishst\n isb" : : : "memory");
    uint64_t stale = PRDA->cpu_id;
    prda_tlbi_local(PRDA_VA);
    uint64_t fresh = PRDA->cpu_id;
    irq_on();

    printf("pte-refresh: cpu=2 pte-eq-tpidr=%d tlbi-logged=%d tlbi-va=0x%lx first-id=%lu on-cpu1=%lu distinct-pas=%d "
           "pa1=0x%lx pa2=0x%lx\n", pte_ok, logged, c->tlbi_va, first2, first1, distinct, pa[1], pa[2]);
    printf("pte-refresh-control: via-pa1=%lu without-tlbi=%lu after-tlbi=%lu\n", via_pa1, stale, fresh);
    kit_check(pte_ok && logged && first2 == 2 && first1 == 1 && distinct,
              "§3(e)3 PTE refreshed from TPIDR_EL1 with TLBI VALE1; first access reaches CPU 2's PRDA");
    kit_check(via_pa1 == 1 && fresh == 2, "§3(e)3 control: the rewritten entry is used once invalidated");
}

static void test_pte_refresh(void)
{
    uint64_t *shared = mmu_tables();
    ctx_l1[0] = shared[0];
    ctx_l1[1] = shared[1];
    ctx_l1[PRDA_VA >> 30] = (uint64_t)ctx_l2 | 3;
    ctx_l2[(PRDA_VA >> 21) & 511] = (uint64_t)ctx_l3 | 3;
    __asm__ volatile("dsb ishst" : : : "memory");
    struct sched_ctx *c = sched_spawn_in(claim2_body, 0, (uint64_t)ctx_l1, &ctx_l3[(PRDA_VA >> 12) & 511]);
    sched_wait(c);
}

/* §3(e)4: v = pcpu->ctr; spin(1000); pcpu->ctr = v + 1 in a region, a migration-requesting tick inside it. */
static void test_deferred(void)
{
    struct sched_ctx *c = sched_current();
    int regions = 200, ticked = 0, same_cpu = 0, pending = 0, migrated_after = 0, split = 0;
    sched_migrate_on_tick = 1;
    for (int r = 0; r < regions; r++) {
        uint64_t d0 = c->deferred;
        prda_preempt_disable();
        int cpu0 = sched_cpu();
        uint64_t v = PRDA->ctr;
        spin(REGION_SPIN);
        PRDA->ctr = v + 1;
        int cpu_end = sched_cpu();
        uint32_t pend = PRDA->os_preempt_pending;
        int dcpu = c->defer_cpu;
        uint64_t deferrals = c->deferred - d0;
        uint64_t s0 = c->switches;
        prda_preempt_enable();
        /* Where the first switch after the region took it (a later tick may move it on again at once). */
        int cpu_after = c->switches > s0 ? c->switch_cpu[(s0 + 1) & 7] : cpu_end;
        split += cpu_end != cpu0;
        if (deferrals > 0) {
            ticked++;
            same_cpu += cpu_end == cpu0 && dcpu == cpu0;
            pending += pend == 1;
            migrated_after += cpu_after == (cpu0 + 1) % SCHED_CPUS;
        }
    }
    sched_migrate_on_tick = 0;
    printf("deferred: regions=%d ticked=%d same-cpu=%d pending=%d migrated-after=%d split=%d deferral=%d\n", regions,
           ticked, same_cpu, pending, migrated_after, split, sched_deferral);
}

/* §3(e)5: the same tick outside any region preempts (and migrates) at once; the flag is never set. */
static void test_outside(void)
{
    struct sched_ctx *c = sched_current();
    uint64_t p0 = c->preempted, d0 = c->deferred, o0 = c->pending_outside, m0 = c->migrations;
    int moved = 0;
    sched_migrate_on_tick = 1;
    for (int r = 0; r < 50; r++) {
        int cpu0 = sched_cpu();
        spin(REGION_SPIN);
        moved += sched_cpu() != cpu0;
    }
    sched_migrate_on_tick = 0;
    printf("outside: preempted=%lu deferred=%lu pending-set=%lu migrations=%lu moved-mid-spin=%d\n", c->preempted - p0,
           c->deferred - d0, c->pending_outside - o0, c->migrations - m0, moved);
    kit_check(c->preempted > p0 && c->deferred == d0 && c->pending_outside == o0,
              "§3(e)5 outside a region the tick preempts at once and never sets the flag");
}

/* §3(e)6: LDXR on CPU 0, migration (the scheduler's CLREX), STXR on CPU 1 fails; the retry completes there. */
static void test_exclusive(void)
{
    irq_off();
    sched_migrate(1);
    uint64_t target_before = PRDA->xctr;
    sched_migrate(0);
    uint64_t source_before = PRDA->xctr;
    uint64_t v, status, tries = 0, first = 99, target = 1;
    __asm__ volatile(
        "1: ldxr %[v], [%[p]]\n"
        "   add %[n], %[n], #1\n"
        "   cmp %[n], #1\n"
        "   b.ne 2f\n"
        "   mov x0, %[t]\n"
        "   svc #2\n"
        "2: add %[v], %[v], #1\n"
        "   stxr %w[s], %[v], [%[p]]\n"
        "   cmp %[n], #1\n"
        "   b.ne 3f\n"
        "   mov %[f], %[s]\n"
        "3: cbnz %w[s], 1b\n"
        : [v] "=&r"(v), [s] "=&r"(status), [n] "+r"(tries), [f] "+r"(first)
        : [p] "r"(&PRDA->xctr), [t] "r"(target)
        : "x0", "memory", "cc");
    int cpu_after = sched_cpu();
    uint64_t target_after = PRDA->xctr;
    sched_migrate(0);
    uint64_t source_after = PRDA->xctr;
    irq_on();
    printf("exclusive: first-stxr=%lu tries=%lu cpu-after=%d target-delta=%ld source-delta=%ld\n", first, tries, cpu_after,
           (long)(target_after - target_before), (long)(source_after - source_before));
    kit_check(first == 1 && tries == 2 && cpu_after == 1 && target_after == target_before + 1 && source_after == source_before,
              "§3(e)6 STXR after a migration fails (CLREX) and the retry counts exactly once on the new CPU");
}

/* §3(e)4 stress: 10^5 region increments by 8 contexts with random migrations; and the same with LDXR/STXR. */
static volatile uint64_t misdirected, stxr_failures, random_migrations;

static void worker(struct sched_ctx *c)
{
    uint64_t rng = 0x9E3779B97F4A7C15UL * (uint64_t)(c->id + 1);
    for (uint64_t i = 0; i < c->arg; i++) {
        uint64_t r = kit_random(&rng);
        if ((r & 7) == 0) {
            sched_migrate((int)((r >> 8) % SCHED_CPUS));
            __atomic_fetch_add(&random_migrations, 1, __ATOMIC_RELAXED);
        }
        prda_preempt_disable();
        uint64_t c0 = PRDA->cpu_id;
        uint64_t v = PRDA->ctr;
        spin(STRESS_SPIN);
        PRDA->ctr = v + 1;
        uint64_t c1 = PRDA->cpu_id;
        prda_preempt_enable();
        if (c0 != c1) {
            __atomic_fetch_add(&misdirected, 1, __ATOMIC_RELAXED);
        }
        uint64_t x, st, fails = (uint64_t)-1;
        __asm__ volatile("1: ldxr %[x], [%[p]]\n"
                         "   add %[f], %[f], #1\n"
                         "   mov x9, #%[d]\n"
                         "2: subs x9, x9, #1\n"
                         "   b.ne 2b\n"
                         "   add %[x], %[x], #1\n"
                         "   stxr %w[s], %[x], [%[p]]\n"
                         "   cbnz %w[s], 1b\n"
                         : [x] "=&r"(x), [s] "=&r"(st), [f] "+r"(fails)
                         : [p] "r"(&PRDA->xctr), [d] "i"(STRESS_SPIN)
                         : "x9", "memory", "cc");
        if (fails) {
            __atomic_fetch_add(&stxr_failures, fails, __ATOMIC_RELAXED);
        }
    }
}

static void test_stress(void)
{
    for (int cpu = 0; cpu < SCHED_CPUS; cpu++) {
        sched_migrate(cpu);
        PRDA->ctr = 0;
        PRDA->xctr = 0;
    }
    uint64_t start = kit_now_us();
    struct sched_ctx *w[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        w[i] = sched_spawn(worker, STRESS_ITERATIONS / WORKERS);
    }
    uint64_t migrations = 0, deferred = 0, preempted = 0;
    for (int i = 0; i < WORKERS; i++) {
        sched_wait(w[i]);
        migrations += w[i]->migrations;
        deferred += w[i]->deferred;
        preempted += w[i]->preempted;
    }
    uint64_t sum = 0, xsum = 0;
    for (int cpu = 0; cpu < SCHED_CPUS; cpu++) {
        sched_migrate(cpu);
        sum += PRDA->ctr;
        xsum += PRDA->xctr;
        printf("stress-cpu%d: ctr=%lu xctr=%lu\n", cpu, PRDA->ctr, PRDA->xctr);
    }
    printf("stress: iterations=%d sum=%lu lost=%ld misdirected=%lu xsum=%lu stxr-failures=%lu migrations=%lu "
           "random-migrations=%lu deferred=%lu preempted=%lu deferral=%d ms=%lu\n",
           STRESS_ITERATIONS, sum, (long)STRESS_ITERATIONS - (long)sum, misdirected, xsum, stxr_failures, migrations,
           random_migrations, deferred, preempted, sched_deferral, (kit_now_us() - start) / 1000);
    kit_check(xsum == STRESS_ITERATIONS, "LDXR/STXR increments with random migrations are exact (CLREX on every switch)");
}

static void controller(struct sched_ctx *c)
{
    (void)c;
    prda_preempt_disable(); /* a WFE-channel request toggles this CPU's CNTKCTL: no migration in between */
    uint64_t ipa = prda_discover();
    struct armvisor_agent_info info = armvisor_detect();
    prda_preempt_enable();
    printf("prda-info: ipa=0x%lx cap-prda=%d cap-yield=%d deferral=%d\n", ipa,
           (info.capabilities & ARMVISOR_WFE_CAP_PRDA) != 0, (info.capabilities & ARMVISOR_WFE_CAP_YIELD) != 0, sched_deferral);
    kit_check(ipa == ARMVISOR_PRDA_IPA, "PRDA_INFO names the alias IPA");
    test_alias();
    test_stale_pointer();
    test_pte_refresh();
    test_deferred();
    test_outside();
    test_exclusive();
    test_stress();
    kit_power_off();
}

int main(void)
{
    kit_guest_name = SCHED_DEFERRAL ? "prda-sched" : "prda-sched-nodefer";
    sched_boot(controller);
}
