/* See prda_map.h. */
#include "guest.h"
#include "prda_map.h"
#include <armvisor/prda.h>

static uint64_t prda_l2[512] __attribute__((aligned(4096)));
static uint64_t prda_l3[512] __attribute__((aligned(4096)));

volatile uint64_t *prda_map_boot(void)
{
    mmu_enable_identity();
    uint64_t *l1 = mmu_tables();
    l1[PRDA_VA >> 30] = (uint64_t)prda_l2 | 3; /* table descriptors (DDI0487 D8.3.1) */
    prda_l2[(PRDA_VA >> 21) & 511] = (uint64_t)prda_l3 | 3;
    prda_l3[(PRDA_VA >> 12) & 511] = prda_pte(ARMVISOR_PRDA_IPA, MAIR_NORMAL_WB);
    __asm__ volatile("dsb ishst\n tlbi vmalle1\n dsb nsh\n isb" : : : "memory");
    return &prda_l3[(PRDA_VA >> 12) & 511];
}

void prda_map_secondary(void)
{
    WRITE_SYSREG(mair_el1, 0xFF00UL);
    WRITE_SYSREG(tcr_el1, 25UL | (1UL << 8) | (1UL << 10) | (3UL << 12) | (1UL << 23));
    WRITE_SYSREG(ttbr0_el1, (uint64_t)mmu_tables());
    ISB();
    __asm__ volatile("tlbi vmalle1\n dsb nsh\n isb" : : : "memory");
    WRITE_SYSREG(sctlr_el1, 0x30D00800UL | 1UL | (1UL << 2) | (1UL << 12));
    ISB();
}
