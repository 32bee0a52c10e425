/* The guest kit's SMP scheduler; see sched.h. */
#include "sched.h"
#include "prda_map.h"

#define REG32(a) (*(volatile uint32_t *)(a))
#define REG64(a) (*(volatile uint64_t *)(a))

/* GICv3 (IHI0069): the virt board's distributor and redistributors (linux-platform.md 2.1). */
#define GICD_BASE 0x08000000UL
#define GICR_BASE 0x080A0000UL
#define GICR_STRIDE 0x20000UL
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)
#define TIMER_PPI 27 /* EL1 virtual timer */
#define STACK_SIZE 16384

extern char __np_start[], __np_end[];
void sched_install_vectors(void);

volatile uint64_t sched_tick_us = 40;
volatile int sched_migrate_on_tick;
volatile int sched_deferral = SCHED_DEFERRAL;
volatile uint64_t *sched_shared_prda_pte;

static struct sched_ctx contexts[SCHED_MAX_CONTEXTS];
static uint8_t stacks[SCHED_MAX_CONTEXTS][STACK_SIZE] __attribute__((aligned(16)));
static int context_count;
static struct sched_ctx idle_contexts[SCHED_CPUS];
/* Claim 2: the OS's own per-CPU PRDA pages in RAM; TPIDR_EL1 of CPU n holds the page-table entry of page n. */
static uint8_t os_prda[SCHED_CPUS][4096] __attribute__((aligned(4096)));
static volatile int cpus_up;
static uint8_t handler_stacks[SCHED_CPUS][8192] __attribute__((aligned(16)));

/* Run queue: a ring of runnable contexts, plus one inbox per CPU for contexts sent there; one spinlock, taken only
 * with interrupts masked (in exception handlers). */
static struct sched_ctx *queue[SCHED_MAX_CONTEXTS + 1];
static unsigned queue_head, queue_tail;
static struct sched_ctx *inbox[SCHED_CPUS][SCHED_MAX_CONTEXTS];
static unsigned inbox_count[SCHED_CPUS];
static volatile uint32_t queue_lock;


static void lock(volatile uint32_t *l)
{
    uint32_t v, fail;
    __asm__ volatile("1: ldaxr %w0, [%2]\n cbnz %w0, 1b\n stxr %w1, %w3, [%2]\n cbnz %w1, 1b"
                     : "=&r"(v), "=&r"(fail) : "r"(l), "r"(1u) : "memory");
}

static void unlock(volatile uint32_t *l) { __asm__ volatile("stlr wzr, [%0]" : : "r"(l) : "memory"); }

static void push(struct sched_ctx *c)
{
    int to = c->migrate_to;
    if (to >= 0 && to < SCHED_CPUS) {
        inbox[to][inbox_count[to]++] = c;
        c->migrate_to = -1;
        return;
    }
    queue[queue_tail] = c;
    queue_tail = (queue_tail + 1) % (SCHED_MAX_CONTEXTS + 1);
}

static struct sched_ctx *pop(int cpu)
{
    if (inbox_count[cpu] > 0) {
        struct sched_ctx *c = inbox[cpu][0];
        for (unsigned i = 1; i < inbox_count[cpu]; i++) {
            inbox[cpu][i - 1] = inbox[cpu][i];
        }
        inbox_count[cpu]--;
        return c;
    }
    if (queue_head == queue_tail) {
        return 0;
    }
    struct sched_ctx *c = queue[queue_head];
    queue_head = (queue_head + 1) % (SCHED_MAX_CONTEXTS + 1);
    return c;
}

int sched_cpu(void) { return (int)PRDA->cpu_id; }

struct sched_ctx *sched_current(void) { return (struct sched_ctx *)PRDA->current; }

uint64_t sched_shared_ttbr(void) { return (uint64_t)mmu_tables(); }

struct armvisor_prda *sched_os_prda(int cpu) { return (struct armvisor_prda *)os_prda[cpu]; }

static void arm_timer(void)
{
    WRITE_SYSREG(cntv_tval_el0, sched_tick_us * kit_ticks_per_ms() / 1000);
    WRITE_SYSREG(cntv_ctl_el0, 1); /* ENABLE, not masked (DDI0487 D24.11.17) */
}

/* Makes next the running context of this CPU: its address space, its PRDA entry (claim 2), CLREX. */
static struct exception_frame *switch_to(struct sched_ctx *next, int cpu)
{
    /* A store-exclusive in the context we leave, or in next's past, must not succeed across the switch (§3(b)). */
    __asm__ volatile("clrex" : : : "memory");
    uint64_t ttbr = next->ttbr ? next->ttbr : sched_shared_ttbr();
    if (READ_SYSREG(ttbr0_el1) != ttbr) {
        WRITE_SYSREG(ttbr0_el1, ttbr);
        ISB();
    }
    if (next->prda_pte) {
        prda_refresh_pte(next->prda_pte);
        next->tlbi_va = PRDA_VA;
        next->tlbi_count++;
    }
    /* PRDA_VA now reaches next's view of this CPU's PRDA: the hypervisor's alias page, or (claim 2) the OS's own page
     * for this CPU; the scheduler's fields are kept in whichever next sees, so the next exception finds them. */
    PRDA->current = (uint64_t)next;
    PRDA->os_preempt_pending = 0;
    if (next->last_cpu != cpu && next->last_cpu >= 0) {
        next->migrations++;
    }
    next->last_cpu = cpu;
    next->switch_cpu[(next->switches + 1) & 7] = cpu;
    next->switches++;
    return next->frame;
}

/* Switch out cur (queued unless done or idle) and in the next runnable context (or stay / go idle). */
static struct exception_frame *reschedule(struct exception_frame *frame, int cpu)
{
    struct sched_ctx *cur = sched_current();
    lock(&queue_lock);
    struct sched_ctx *next = pop(cpu);
    if (!next) {
        if (!cur->done && (cur->migrate_to < 0 || cur->migrate_to == cpu)) {
            cur->migrate_to = -1;
            unlock(&queue_lock);
            PRDA->os_preempt_pending = 0;
            return frame; /* nothing else to run: keep going */
        }
        next = &idle_contexts[cpu];
    }
    cur->frame = frame;
    if (!cur->idle && !cur->done) {
        push(cur);
    }
    unlock(&queue_lock);
    return switch_to(next, cpu);
}

static int in_nonpreemptible_code(uint64_t elr)
{
    return (elr >= (uint64_t)__np_start && elr < (uint64_t)__np_end) || PRDA->non_preempt_depth > 0;
}

static struct exception_frame *timer_interrupt(struct exception_frame *frame)
{
    int cpu = sched_cpu();
    struct sched_ctx *cur = sched_current();
    if (cur->idle) {
        return reschedule(frame, cpu);
    }
    if (sched_deferral && in_nonpreemptible_code(frame->elr)) {
        /* US10795813 claim 1: pending flag instead of a preemption; the exception returns to the same CPU. */
        PRDA->os_preempt_pending = 1;
        cur->deferred++;
        cur->defer_cpu = cpu;
        if (sched_migrate_on_tick) {
            cur->migrate_to = (cpu + 1) % SCHED_CPUS;
        }
        return frame;
    }
    if (PRDA->os_preempt_pending) {
        cur->pending_outside++;
    }
    cur->preempted++;
    if (sched_migrate_on_tick) {
        cur->migrate_to = (cpu + 1) % SCHED_CPUS;
    }
    return reschedule(frame, cpu);
}

struct exception_frame *sched_exception(struct exception_frame *frame, int vector)
{
    if (vector == 1 || vector == 5) { /* IRQ from EL1 (SP0 or SPx) */
        uint64_t iar = READ_SYSREG(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
        if ((iar & 0xFFFFFF) >= 1020) {
            return frame; /* spurious */
        }
        if ((iar & 0xFFFFFF) == TIMER_PPI) {
            arm_timer();
        }
        WRITE_SYSREG(S3_0_C12_C12_1, iar); /* ICC_EOIR1_EL1 */
        return (iar & 0xFFFFFF) == TIMER_PPI ? timer_interrupt(frame) : frame;
    }
    if ((vector == 0 || vector == 4) && KIT_ESR_EC(frame->esr) == KIT_EC_SVC64) {
        int cpu = sched_cpu();
        switch (frame->esr & 0xFFFF) {
        case 1: /* yield */
            return reschedule(frame, cpu);
        case 2: /* migrate to X0 */
            sched_current()->migrate_to = (int)(frame->x[0] % SCHED_CPUS);
            if (sched_current()->migrate_to == cpu) {
                sched_current()->migrate_to = -1;
                return frame;
            }
            return reschedule(frame, cpu);
        default:
            break;
        }
    }
    printf("FAIL sched-exception vector=%d esr=0x%lx elr=0x%lx far=0x%lx\n", vector, frame->esr, frame->elr, frame->far);
    kit_power_off();
}

void sched_yield(void) { __asm__ volatile("svc #1" : : : "memory"); }

void prda_os_yield(void) { sched_yield(); }

void sched_migrate(int cpu)
{
    register uint64_t x0 __asm__("x0") = (uint64_t)cpu;
    __asm__ volatile("svc #2" : "+r"(x0) : : "memory");
}

void sched_wait(struct sched_ctx *c)
{
    while (!c->done) {
        sched_yield();
    }
}

static void context_entry(struct sched_ctx *c)
{
    c->body(c);
    c->done = 1;
    for (;;) {
        sched_yield();
    }
}

struct sched_ctx *sched_spawn(void (*body)(struct sched_ctx *), uint64_t arg) { return sched_spawn_in(body, arg, 0, 0); }

struct sched_ctx *sched_spawn_in(void (*body)(struct sched_ctx *), uint64_t arg, uint64_t ttbr, volatile uint64_t *prda_pte)
{
    int id = __atomic_fetch_add(&context_count, 1, __ATOMIC_RELAXED);
    if (id >= SCHED_MAX_CONTEXTS) {
        printf("FAIL sched-spawn: more than %d contexts\n", SCHED_MAX_CONTEXTS);
        kit_power_off();
    }
    struct sched_ctx *c = &contexts[id];
    memset(c, 0, sizeof(*c));
    c->id = id;
    c->body = body;
    c->arg = arg;
    c->migrate_to = -1;
    c->last_cpu = -1;
    c->ttbr = ttbr; /* set before the context is queued: another CPU may switch it in at once */
    c->prda_pte = prda_pte;
    struct exception_frame *f = (struct exception_frame *)(stacks[id] + STACK_SIZE - sizeof(struct exception_frame) - 64);
    f = (struct exception_frame *)((uint64_t)f & ~15UL);
    memset(f, 0, sizeof(*f));
    f->x[0] = (uint64_t)c;
    f->elr = (uint64_t)context_entry;
    f->spsr = 0x5; /* EL1h, DAIF clear: interrupts on (DDI0487 C5.2.18) */
    c->frame = f;
    /* Published by the caller's next exception (queue lock); spawn from a context, interrupts on. */
    uint64_t daif = READ_SYSREG(daif);
    __asm__ volatile("msr daifset, #2" : : : "memory");
    lock(&queue_lock);
    push(c);
    unlock(&queue_lock);
    WRITE_SYSREG(daif, daif);
    return c;
}

static void gic_cpu_init(int cpu)
{
    uint64_t rd = GICR_BASE + (uint64_t)cpu * GICR_STRIDE;
    REG32(rd + GICR_WAKER) &= ~(1u << 1); /* ProcessorSleep = 0 (IHI0069 12.11.44) */
    while (REG32(rd + GICR_WAKER) & (1u << 2)) {
    }
    REG32(rd + GICR_IGROUPR0) = 0xFFFFFFFFu;
    REG32(rd + GICR_IPRIORITYR + (TIMER_PPI & ~3u)) = 0x80808080u;
    REG32(rd + GICR_ISENABLER0) = 1u << TIMER_PPI;
    WRITE_SYSREG(S3_0_C12_C12_5, READ_SYSREG(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
    ISB();
    WRITE_SYSREG(S3_0_C4_C6_0, 0xFF); /* ICC_PMR_EL1: everything passes */
    WRITE_SYSREG(S3_0_C12_C12_7, 1);  /* ICC_IGRPEN1_EL1 */
    ISB();
}

static void cpu_common(int cpu) __attribute__((noreturn));
static void cpu_common(int cpu)
{
    WRITE_SYSREG(tpidrro_el0, (uint64_t)&handler_stacks[cpu][sizeof(handler_stacks[cpu])]);
    sched_install_vectors();
    gic_cpu_init(cpu);
    struct armvisor_prda *own = (struct armvisor_prda *)os_prda[cpu];
    own->magic = ARMVISOR_PRDA_MAGIC;
    own->cpu_id = (uint64_t)cpu;
    WRITE_SYSREG(tpidr_el1, prda_pte((uint64_t)own, MAIR_NORMAL_WB));
    struct sched_ctx *idle = &idle_contexts[cpu];
    idle->idle = 1;
    idle->id = -1 - cpu;
    idle->migrate_to = -1;
    idle->last_cpu = cpu;
    PRDA->current = (uint64_t)idle;
    PRDA->os_preempt_pending = 0;
    __atomic_fetch_add(&cpus_up, 1, __ATOMIC_SEQ_CST);
    arm_timer();
    __asm__ volatile("msr daifclr, #2" : : : "memory");
    for (;;) {
        __asm__ volatile("wfi");
    }
}

static void secondary(unsigned cpu)
{
    prda_map_secondary();
    cpu_common((int)cpu);
}

void sched_boot(void (*controller)(struct sched_ctx *))
{
    sched_shared_prda_pte = prda_map_boot();

    /* Distributor: affinity routing, Group 1 (IHI0069 12.9.4). PPIs live in the redistributors. */
    REG32(GICD_BASE) = (1u << 4) | (1u << 1);
    kit_secondary_body = secondary;
    for (unsigned cpu = 1; cpu < SCHED_CPUS; cpu++) {
        int64_t status = kit_cpu_on(cpu);
        if (status != 0) {
            printf("FAIL cpu-on cpu=%u status=%ld (run with --cpus %d)\n", cpu, status, SCHED_CPUS);
            kit_power_off();
        }
    }
    sched_spawn(controller, 0);
    cpu_common(0);
}
