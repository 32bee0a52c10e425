/*
 * Armvisor per-CPU private data area (PRDA) client (patents.md §3; docs/memory-map.md "Per-vCPU private data area").
 * Header-only, freestanding, AArch64 EL1.
 *
 * The hypervisor maps one IPA page, ARMVISOR_PRDA_IPA (0x090C_0000 on the virt board; also the device-tree node
 * compatible "armvisor,prda" and WFE-channel PRDA_INFO), to a different host page on every vCPU. A guest OS maps that
 * IPA once at a constant virtual address, PRDA_VA (claim 4), in page tables every CPU shares: an address obtained on
 * CPU 1 and used after migrating to CPU 2 reaches CPU 2's PRDA (US10331556 claim 1). Single-instruction accesses
 * through PRDA_VA are therefore always safe; a multi-instruction read-modify-write of PRDA fields must run inside a
 * non-preemptible region (prda_preempt_disable/enable) so the context cannot migrate in the middle (US10795813).
 *
 * An OS whose contexts have their own page tables and allocates its own per-CPU pages can instead keep each CPU's
 * PRDA page-table entry in TPIDR_EL1 and rewrite the context's PRDA_VA entry from it on every context switch, then
 * TLBI VALE1 + DSB + ISB (claim 2): prda_refresh_pte().
 *
 * Layout: 0x00..0x3F is the hypervisor ABI (read-only for the guest except the two fields marked guest); 0x40.. is the
 * guest OS's own. The hypervisor reads non_preempt_depth when a vCPU's time slice ends: while it is non-zero the
 * switch is deferred (up to a grace period), hv_preempt_pending is set, and the guest yields through the WFE channel
 * when it leaves the region (prda_preempt_enable). A depth held forever is preempted after the grace period anyway.
 */
#ifndef ARMVISOR_PRDA_H
#define ARMVISOR_PRDA_H

#include <stdint.h>
#include <armvisor/wfe_channel.h>

#define ARMVISOR_PRDA_IPA 0x090C0000UL
#define ARMVISOR_PRDA_SIZE 4096UL
#define ARMVISOR_PRDA_MAGIC 0x41445250u /* "PRDA" */

/* The one PRDA virtual address of the guest kit (claim 4: a numerical constant). Level-1 slot 2 of a 39-bit TTBR0
 * space; an OS picks its own constant. */
#ifndef PRDA_VA
#define PRDA_VA 0x80000000UL
#endif

struct armvisor_prda {
    /* Hypervisor ABI, 0x00..0x3F. */
    uint32_t magic;                      /* 0x00 ARMVISOR_PRDA_MAGIC */
    uint32_t version;                    /* 0x04 1 */
    uint64_t cpu_id;                     /* 0x08 vCPU index */
    uint64_t mpidr;                      /* 0x10 MPIDR_EL1 */
    volatile uint32_t non_preempt_depth; /* 0x18 guest: > 0 inside a non-preemptible region */
    volatile uint32_t hv_preempt_pending; /* 0x1C hypervisor sets 1 when it deferred a switch; YIELD clears it */
    volatile uint64_t hv_deferrals;      /* 0x20 hypervisor: switches deferred on this vCPU */
    volatile uint64_t hv_forced;         /* 0x28 hypervisor: deferrals that ran out of grace */
    uint64_t reserved[2];                /* 0x30 */
    /* Guest OS area, 0x40.. (the guest kit's scheduler uses these). */
    volatile uint32_t os_preempt_pending; /* 0x40 the OS's own timer found the context non-preemptible */
    uint32_t os_reserved;                 /* 0x44 */
    volatile uint64_t current;            /* 0x48 the context running on this CPU */
    volatile uint64_t ctr;                /* 0x50 per-CPU counter of the §3(e) tests */
    volatile uint64_t scratch;            /* 0x58 */
    volatile uint64_t xctr;               /* 0x60 per-CPU counter updated with LDXR/STXR */
};

_Static_assert(__builtin_offsetof(struct armvisor_prda, non_preempt_depth) == 0x18, "hypervisor ABI");
_Static_assert(__builtin_offsetof(struct armvisor_prda, hv_preempt_pending) == 0x1C, "hypervisor ABI");
_Static_assert(__builtin_offsetof(struct armvisor_prda, os_preempt_pending) == 0x40, "guest area starts at 0x40");

/* The executing CPU's PRDA, through the alias. */
#define PRDA ((struct armvisor_prda *)PRDA_VA)

/* ---- Page tables (VMSAv8-64, 4K granule; DDI0487 D8.3) --------------------------------------------------------- */

#define ARMVISOR_PRDA_PTE_PAGE 0x3UL             /* level-3 page descriptor */
#define ARMVISOR_PRDA_PTE_AF (1UL << 10)
#define ARMVISOR_PRDA_PTE_SH_INNER (3UL << 8)
#define ARMVISOR_PRDA_PTE_ATTR(i) ((uint64_t)(i) << 2)
#define ARMVISOR_PRDA_PTE_PXN (1UL << 53)
#define ARMVISOR_PRDA_PTE_UXN (1UL << 54)

/* A level-3 entry mapping the 4 KiB page at pa as Normal memory (MAIR index attr), never executable. */
static inline uint64_t prda_pte(uint64_t pa, unsigned attr)
{
    return (pa & ~0xFFFUL) | ARMVISOR_PRDA_PTE_PAGE | ARMVISOR_PRDA_PTE_AF | ARMVISOR_PRDA_PTE_SH_INNER |
           ARMVISOR_PRDA_PTE_ATTR(attr) | ARMVISOR_PRDA_PTE_PXN | ARMVISOR_PRDA_PTE_UXN;
}

/* TLBI VALE1, Xt = VA[55:12] (DDI0487 C5.5.71), then DSB + ISB: this CPU's view of PRDA_VA is re-walked. */
static inline void prda_tlbi_local(uint64_t va)
{
    __asm__ volatile("tlbi vale1, %0\n dsb nsh\n isb" : : "r"(va >> 12) : "memory");
}

/* Claim 2: on a context switch, *pte (the PRDA_VA entry of the incoming context's page table) takes the value this
 * CPU keeps in TPIDR_EL1; the stale translation is then invalidated on this CPU only. */
static inline void prda_refresh_pte(volatile uint64_t *pte)
{
    uint64_t value;
    __asm__ volatile("mrs %0, tpidr_el1" : "=r"(value));
    *pte = value;
    __asm__ volatile("dsb ishst" : : : "memory"); /* the table write is visible to the walker before the TLBI */
    prda_tlbi_local(PRDA_VA);
}

/* The boot CPU's view: is the alias there (magic) and does the hypervisor offer it (PRDA_INFO)? Returns the IPA or 0. */
static inline uint64_t prda_discover(void)
{
    struct armvisor_wfe_result r = armvisor_request(ARMVISOR_WFE_PRDA_INFO, 0, 0);
    return r.status == ARMVISOR_WFE_OK && r.result1 >= ARMVISOR_PRDA_SIZE ? r.result0 : 0;
}

/* ---- Non-preemptible regions --------------------------------------------------------------------------------- */

/* YIELD through the WFE channel (one trapped WFE; a set event register makes the first one complete untrapped). */
static inline void prda_hypervisor_yield(void)
{
    for (int i = 0; i < 2; i++) {
        struct armvisor_wfe_regs out = armvisor_wfe_once((struct armvisor_wfe_regs){ ARMVISOR_WFE_REQUEST_MAGIC, ARMVISOR_WFE_YIELD, 0, 0 });
        if (out.x0 == ARMVISOR_WFE_RESPONSE_MAGIC) {
            return;
        }
    }
}

/* The OS's own yield, called when its timer deferred a preemption (the guest kit's scheduler provides it). */
void prda_os_yield(void);

/*
 * Enter and leave a non-preemptible region. The increment and decrement are single instructions on PRDA_VA, so no
 * migration can split them; the enter/leave code itself lives in .text.nonpreempt, so an interrupt that lands
 * between the load and store of the depth sees its PC inside the section and defers too (patents.md §3(b) option A
 * and option B together). Leaving the outermost region honours whichever preemption was deferred meanwhile.
 */
static __attribute__((section(".text.nonpreempt"), noinline, unused)) void prda_preempt_disable(void)
{
    PRDA->non_preempt_depth = PRDA->non_preempt_depth + 1;
    __asm__ volatile("" : : : "memory");
}

static __attribute__((section(".text.nonpreempt"), noinline, unused)) void prda_preempt_enable(void)
{
    __asm__ volatile("" : : : "memory");
    uint32_t depth = PRDA->non_preempt_depth - 1;
    PRDA->non_preempt_depth = depth;
    if (depth == 0) {
        __asm__ volatile("" : : : "memory");
        if (PRDA->hv_preempt_pending) {
            prda_hypervisor_yield();
        }
        if (PRDA->os_preempt_pending) {
            prda_os_yield();
        }
    }
}

#endif
