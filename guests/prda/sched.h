/*
 * The guest kit's bare-metal SMP scheduler (patents.md §3): contexts with their own stacks run on any CPU and migrate
 * between CPUs through one shared run queue; the virtual timer (PPI 27) preempts. With SCHED_DEFERRAL the timer
 * handler first asks whether the interrupted context is in non-preemptible code — ELR inside .text.nonpreempt, or
 * PRDA->non_preempt_depth > 0 — and if so only sets PRDA->os_preempt_pending and returns; the context yields when it
 * leaves the region (prda_preempt_enable -> prda_os_yield). Every switch executes CLREX, so a store-exclusive that
 * straddles a migration fails (§3(b)).
 */
#ifndef PRDA_SCHED_H
#define PRDA_SCHED_H

#include "kit.h"
#include <armvisor/prda.h>

#ifndef SCHED_DEFERRAL
#define SCHED_DEFERRAL 1
#endif

#define SCHED_CPUS 4
#define SCHED_MAX_CONTEXTS 16

struct sched_ctx {
    struct exception_frame *frame; /* saved registers while not running */
    uint64_t ttbr;                 /* TTBR0_EL1 of the context (0: the shared tables) */
    volatile uint64_t *prda_pte;   /* claim 2: the context's own PRDA_VA entry, refreshed from TPIDR_EL1 on switch-in */
    void (*body)(struct sched_ctx *);
    uint64_t arg;
    int id;
    int idle;                      /* a CPU's idle context: never queued, never migrates */
    volatile int done;
    volatile int migrate_to;       /* >= 0: the next switch-out sends it to that CPU */
    volatile int last_cpu;
    volatile uint64_t switches;    /* times switched in */
    volatile uint64_t migrations;  /* switched in on another CPU than last time */
    volatile uint64_t deferred;    /* timer interrupts that found it non-preemptible */
    volatile uint64_t preempted;   /* timer interrupts that switched it out at once */
    volatile uint64_t pending_outside; /* os_preempt_pending found set while it was outside any region (must stay 0) */
    volatile uint64_t tlbi_va;     /* last VA this context's switch-in invalidated (claim 2 trace) */
    volatile uint64_t tlbi_count;
    volatile int defer_cpu;        /* CPU of the last deferral */
    volatile int switch_cpu[8];    /* CPU of switch-in number n, at [n % 8] (the trace of where it ran) */
};

/* The timer, in microseconds between ticks; a tick may ask the preempted context to move to the next CPU. */
extern volatile uint64_t sched_tick_us;
extern volatile int sched_migrate_on_tick;
extern volatile int sched_deferral;   /* SCHED_DEFERRAL, switchable at run time for the control run */

void sched_boot(void (*controller)(struct sched_ctx *)) __attribute__((noreturn));
struct sched_ctx *sched_spawn(void (*body)(struct sched_ctx *), uint64_t arg);
/* A context with its own page tables (TTBR0) and its own PRDA_VA entry to refresh on switch-in (claim 2). */
struct sched_ctx *sched_spawn_in(void (*body)(struct sched_ctx *), uint64_t arg, uint64_t ttbr, volatile uint64_t *prda_pte);
void sched_migrate(int cpu);          /* move the calling context to cpu now (SVC #2) */
void sched_yield(void);               /* SVC #1 */
void sched_wait(struct sched_ctx *c); /* until c is done (yielding) */
struct sched_ctx *sched_current(void);
int sched_cpu(void);                  /* PRDA->cpu_id */

/* The PRDA_VA level-3 entry of the shared tables (maps the hypervisor's alias). */
extern volatile uint64_t *sched_shared_prda_pte;
uint64_t sched_shared_ttbr(void);
/* Claim 2: CPU n's own PRDA page (RAM), whose entry CPU n keeps in TPIDR_EL1. */
struct armvisor_prda *sched_os_prda(int cpu);

#endif
