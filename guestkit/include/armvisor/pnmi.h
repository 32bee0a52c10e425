/*
 * Pseudo non-maskable interrupts on a GICv3 CPU interface (patents.md §5: US9952990B2 / US9952895B2; the open
 * analogue is Linux's arm64 pseudo-NMI, linux-platform.md §5). Header-only, freestanding, AArch64, EL1.
 *
 * "Interrupts off" is not PSTATE.I: it is a raised priority mask (ICC_PMR_EL1 = ARMVISOR_PMR_OFF) plus a per-CPU
 * mask flag. Regular interrupts have priorities >= ARMVISOR_PMR_OFF, so the mask holds them back; a PNMI has a
 * priority < ARMVISOR_PMR_OFF, so it still gets through. Thread context runs with PSTATE.I clear.
 *
 * The dispatcher (call it from the IRQ vector, PSTATE.I set by exception entry):
 *   read ICC_IAR1_EL1;
 *   INTID 1020-1023 (1023: spurious; IHI0069 §2.2.1) -> nothing, no EOI;
 *   PNMI    -> its handler with PSTATE.I still set (PNMIs do not nest), then EOIR + DIR;
 *   regular -> read the mask flag:
 *              enabled  -> clear PSTATE.I (a PNMI, whose group priority is higher than the running priority, can
 *                          now preempt), run the handler, set PSTATE.I, then EOIR + DIR;
 *              disabled -> save the INTID, raise PMR to ARMVISOR_PMR_OFF, EOIR now (priority drop) and leave the
 *                          deactivation (DIR) to the replay.
 * armvisor_irq_enable() clears the flag, lowers PMR and replays the saved INTIDs exactly once each, in arrival order,
 * each followed by its DIR.
 *
 * EOI bookkeeping: ICC_CTLR_EL1.EOImode = 1 (IHI0069 §4.1.1, §12.2.6): the EOIR write only drops the running
 * priority and the DIR write deactivates. Every acknowledged INTID gets exactly one EOIR and one DIR; a deferred
 * INTID stays active (so it cannot be signalled again) but no longer holds the running priority, so the PNMI and,
 * after irq_enable(), other regular interrupts are not blocked behind it.
 *
 * Priorities (Linux's proven values; GICD_CTLR.DS = 1, so no Non-secure shift): regular 0xA0 (any of 0x60-0xF0
 * works), PNMI 0x20, PMR on 0xE0, PMR off 0x60. ICC_BPR1_EL1 = 0 so they fall in different preemption groups.
 */
#ifndef ARMVISOR_PNMI_H
#define ARMVISOR_PNMI_H

#include <stdint.h>

#if !defined(__aarch64__)
#error "armvisor/pnmi.h is AArch64 only"
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define ARMVISOR_PNMI_PRIORITY 0x20u
#define ARMVISOR_IRQ_PRIORITY 0xA0u
#define ARMVISOR_PMR_ON 0xE0u
#define ARMVISOR_PMR_OFF 0x60u
#define ARMVISOR_INTID_SPURIOUS 1023u
#define ARMVISOR_INTID_SPECIAL_FIRST 1020u

#ifndef ARMVISOR_PNMI_MAX_CPUS
#define ARMVISOR_PNMI_MAX_CPUS 8
#endif
#ifndef ARMVISOR_PNMI_MAX_DEFERRED
#define ARMVISOR_PNMI_MAX_DEFERRED 32
#endif
#ifndef ARMVISOR_PNMI_TRACE
#define ARMVISOR_PNMI_TRACE 64
#endif

/* Handler for one INTID; ctx is the pointer given to armvisor_pnmi_init. */
typedef void (*armvisor_irq_handler)(uint32_t intid, void *ctx);

/* What the dispatcher did to the CPU interface, for tests: one entry per IAR read, EOIR write and DIR write. */
enum armvisor_pnmi_event { ARMVISOR_PNMI_IAR = 1, ARMVISOR_PNMI_EOIR = 2, ARMVISOR_PNMI_DIR = 3 };

struct armvisor_pnmi_trace_entry {
    uint16_t event;
    uint16_t intid;
};

/* Per-CPU state. The counters balance when nothing is in flight: acks == eoir == dir. */
struct armvisor_pnmi_cpu {
    volatile int mask_flag;                         /* 1: regular interrupts are "off" */
    uint32_t deferred[ARMVISOR_PNMI_MAX_DEFERRED];  /* saved INTIDs, FIFO */
    unsigned deferred_head, deferred_count;
    volatile uint64_t acks, spurious, eoir, dir;
    volatile uint64_t pnmi_runs, regular_runs, deferrals, replays, overflows;
    int trace_on;
    unsigned trace_count;
    struct armvisor_pnmi_trace_entry trace[ARMVISOR_PNMI_TRACE];
};

struct armvisor_pnmi {
    uint32_t pnmi_set[32];  /* bitmap of INTIDs 0-1023 designated PNMI */
    armvisor_irq_handler regular;
    armvisor_irq_handler pnmi;
    void *ctx;
    struct armvisor_pnmi_cpu cpu[ARMVISOR_PNMI_MAX_CPUS];
};

/* ---- CPU interface System registers (IHI0069 §12.2) ----------------------------------------------------------- */

static inline uint64_t armvisor_icc_iar1(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(v) : : "memory");
    return v & 0xFFFFFFu;
}

static inline void armvisor_icc_eoir1(uint32_t intid)
{
    __asm__ volatile("msr icc_eoir1_el1, %0\n isb" : : "r"((uint64_t)intid) : "memory");
}

static inline void armvisor_icc_dir(uint32_t intid)
{
    __asm__ volatile("msr icc_dir_el1, %0\n isb" : : "r"((uint64_t)intid) : "memory");
}

static inline void armvisor_icc_pmr_write(uint32_t pmr)
{
    /* PMR writes take effect after an ISB (IHI0069 §12.1.6); DSB for implementations with PMHE (Linux gic_pmr_sync). */
    __asm__ volatile("msr icc_pmr_el1, %0\n dsb sy\n isb" : : "r"((uint64_t)pmr) : "memory");
}

static inline uint32_t armvisor_icc_pmr_read(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, icc_pmr_el1" : "=r"(v));
    return (uint32_t)v & 0xFF;
}

static inline uint32_t armvisor_icc_rpr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, icc_rpr_el1" : "=r"(v));
    return (uint32_t)v & 0xFF;
}

static inline struct armvisor_pnmi_cpu *armvisor_pnmi_this_cpu(struct armvisor_pnmi *p)
{
    uint64_t mpidr;
    __asm__("mrs %0, mpidr_el1" : "=r"(mpidr));
    return &p->cpu[(mpidr & 0xFF) % ARMVISOR_PNMI_MAX_CPUS];
}

static inline uint64_t armvisor_daif_mask_irq(void)
{
    uint64_t daif;
    __asm__ volatile("mrs %0, daif\n msr daifset, #2" : "=r"(daif) : : "memory");
    return daif;
}

static inline void armvisor_daif_restore(uint64_t daif)
{
    __asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
}

static inline void armvisor_pnmi_record(struct armvisor_pnmi_cpu *c, enum armvisor_pnmi_event event, uint32_t intid)
{
    if (c->trace_on && c->trace_count < ARMVISOR_PNMI_TRACE) {
        c->trace[c->trace_count].event = (uint16_t)event;
        c->trace[c->trace_count].intid = (uint16_t)intid;
        c->trace_count++;
    }
}

/* ---- set-up ----------------------------------------------------------------------------------------------------- */

static inline int armvisor_pnmi_is_pnmi(const struct armvisor_pnmi *p, uint32_t intid)
{
    return intid < 1024 && (p->pnmi_set[intid / 32] >> (intid % 32)) & 1;
}

/* Designates (or undesignates) an INTID as a PNMI. Its GIC priority must be set below ARMVISOR_PMR_OFF by the caller. */
static inline void armvisor_pnmi_designate(struct armvisor_pnmi *p, uint32_t intid, int is_pnmi)
{
    if (intid >= 1024) {
        return;
    }
    if (is_pnmi) {
        p->pnmi_set[intid / 32] |= 1u << (intid % 32);
    } else {
        p->pnmi_set[intid / 32] &= ~(1u << (intid % 32));
    }
}

/*
 * Per-CPU initialisation of the CPU interface, on each CPU before it unmasks PSTATE.I: EOImode = 1, BPR1 = 0,
 * regular interrupts off (flag set, PMR = ARMVISOR_PMR_OFF). The first call (with handlers) fills in the shared part.
 */
static inline void armvisor_pnmi_init_cpu(struct armvisor_pnmi *p, armvisor_irq_handler regular, armvisor_irq_handler pnmi,
                                          void *ctx)
{
    if (regular) {
        p->regular = regular;
        p->pnmi = pnmi;
        p->ctx = ctx;
    }
    struct armvisor_pnmi_cpu *c = armvisor_pnmi_this_cpu(p);
    c->mask_flag = 1;
    armvisor_icc_pmr_write(ARMVISOR_PMR_OFF);
    uint64_t ctlr;
    __asm__ volatile("mrs %0, icc_ctlr_el1" : "=r"(ctlr));
    ctlr |= 1u << 1; /* EOImode (IHI0069 §12.2.6) */
    __asm__ volatile("msr icc_ctlr_el1, %0\n msr icc_bpr1_el1, xzr\n isb" : : "r"(ctlr) : "memory");
}

/*
 * The priority invariant (patents.md §5(e) 6): every regular INTID has priority >= ARMVISOR_PMR_OFF and every PNMI
 * priority < ARMVISOR_PMR_OFF. read_priority(intid) returns the byte the GIC holds. Returns the number of violations
 * among INTIDs [0, count) and the first one in *first_bad.
 */
static inline unsigned armvisor_pnmi_check_priorities(const struct armvisor_pnmi *p, uint32_t count,
                                                      uint32_t (*read_priority)(uint32_t intid), uint32_t *first_bad)
{
    unsigned violations = 0;
    for (uint32_t intid = 0; intid < count; intid++) {
        uint32_t prio = read_priority(intid);
        int ok = armvisor_pnmi_is_pnmi(p, intid) ? prio < ARMVISOR_PMR_OFF : prio >= ARMVISOR_PMR_OFF;
        if (!ok && violations++ == 0 && first_bad) {
            *first_bad = intid;
        }
    }
    return violations;
}

/* ---- masking ---------------------------------------------------------------------------------------------------- */

/* Regular interrupts off: the flag first, then the mask (an interrupt in between is deferred by the dispatcher). */
static inline void armvisor_irq_disable(struct armvisor_pnmi *p)
{
    armvisor_pnmi_this_cpu(p)->mask_flag = 1;
    __asm__ volatile("" : : : "memory");
    armvisor_icc_pmr_write(ARMVISOR_PMR_OFF);
}

/* Lazy "off": only the flag; the dispatcher raises PMR when the first regular interrupt arrives ('990 deferral). */
static inline void armvisor_irq_disable_lazy(struct armvisor_pnmi *p)
{
    armvisor_pnmi_this_cpu(p)->mask_flag = 1;
    __asm__ volatile("" : : : "memory");
}

static inline int armvisor_irq_enabled(struct armvisor_pnmi *p)
{
    return !armvisor_pnmi_this_cpu(p)->mask_flag;
}

/* Regular interrupts on: clear the flag, lower PMR, then run each saved INTID's handler once and deactivate it. */
static inline void armvisor_irq_enable(struct armvisor_pnmi *p)
{
    struct armvisor_pnmi_cpu *c = armvisor_pnmi_this_cpu(p);
    c->mask_flag = 0;
    __asm__ volatile("" : : : "memory");
    armvisor_icc_pmr_write(ARMVISOR_PMR_ON);
    for (;;) {
        uint64_t daif = armvisor_daif_mask_irq();
        if (c->deferred_count == 0 || c->mask_flag) {
            armvisor_daif_restore(daif);
            return;
        }
        uint32_t intid = c->deferred[c->deferred_head];
        c->deferred_head = (c->deferred_head + 1) % ARMVISOR_PNMI_MAX_DEFERRED;
        c->deferred_count--;
        armvisor_daif_restore(daif);
        p->regular(intid, p->ctx);
        daif = armvisor_daif_mask_irq();
        c->regular_runs++;
        c->replays++;
        armvisor_icc_dir(intid);
        c->dir++;
        armvisor_pnmi_record(c, ARMVISOR_PNMI_DIR, intid);
        armvisor_daif_restore(daif);
    }
}

/* ---- the dispatcher --------------------------------------------------------------------------------------------- */

/* Handles one interrupt; call from the IRQ vector with PSTATE.I set. Returns the INTID read from ICC_IAR1_EL1. */
static inline uint32_t armvisor_pnmi_dispatch(struct armvisor_pnmi *p)
{
    struct armvisor_pnmi_cpu *c = armvisor_pnmi_this_cpu(p);
    uint32_t intid = (uint32_t)armvisor_icc_iar1();
    armvisor_pnmi_record(c, ARMVISOR_PNMI_IAR, intid);
    if (intid >= ARMVISOR_INTID_SPECIAL_FIRST) {
        c->spurious++;
        return intid;
    }
    c->acks++;
    if (armvisor_pnmi_is_pnmi(p, intid)) {
        p->pnmi(intid, p->ctx);
        c->pnmi_runs++;
    } else if (!c->mask_flag) {
        __asm__ volatile("msr daifclr, #2" : : : "memory");
        p->regular(intid, p->ctx);
        __asm__ volatile("msr daifset, #2" : : : "memory");
        c->regular_runs++;
    } else {
        if (c->deferred_count < ARMVISOR_PNMI_MAX_DEFERRED) {
            c->deferred[(c->deferred_head + c->deferred_count) % ARMVISOR_PNMI_MAX_DEFERRED] = intid;
            c->deferred_count++;
            c->deferrals++;
        } else {
            /* Cannot happen while PMR holds regulars back (one deferral per "off" window); never lose an INTID. */
            c->overflows++;
            __asm__ volatile("msr daifclr, #2" : : : "memory");
            p->regular(intid, p->ctx);
            __asm__ volatile("msr daifset, #2" : : : "memory");
            c->regular_runs++;
            armvisor_icc_eoir1(intid);
            c->eoir++;
            armvisor_pnmi_record(c, ARMVISOR_PNMI_EOIR, intid);
            armvisor_icc_dir(intid);
            c->dir++;
            armvisor_pnmi_record(c, ARMVISOR_PNMI_DIR, intid);
            return intid;
        }
        armvisor_icc_pmr_write(ARMVISOR_PMR_OFF);
        armvisor_icc_eoir1(intid);
        c->eoir++;
        armvisor_pnmi_record(c, ARMVISOR_PNMI_EOIR, intid);
        return intid;
    }
    armvisor_icc_eoir1(intid);
    c->eoir++;
    armvisor_pnmi_record(c, ARMVISOR_PNMI_EOIR, intid);
    armvisor_icc_dir(intid);
    c->dir++;
    armvisor_pnmi_record(c, ARMVISOR_PNMI_DIR, intid);
    return intid;
}

#ifdef __cplusplus
}
#endif

#endif
