/*
 * The PRDA_VA mapping shared by the PRDA guests (sched.c, spin.c): common/mmu.c's identity map plus one level-2 and
 * one level-3 table that map PRDA_VA to the hypervisor's alias IPA as Normal memory (patents.md §3, claim 4).
 */
#ifndef PRDA_MAP_H
#define PRDA_MAP_H

#include <stdint.h>

/* Boot CPU: builds the identity map and the PRDA_VA entry, enables the MMU; returns the PRDA_VA level-3 entry. */
volatile uint64_t *prda_map_boot(void);

/* Secondary CPUs: the boot CPU's tables (MAIR/TCR/TTBR0 as mmu_enable_identity sets them), MMU and caches on. */
void prda_map_secondary(void);

#endif
