/*
 * Stage-1 identity map for the guests (DDI0487 D8.2, 4K granule): TCR_EL1.T0SZ = 25 gives a 39-bit VA whose walk
 * starts at level 1, so one level-1 table of 1 GB blocks covers everything: entry 0 Device-nGnRnE (the virt
 * board's devices), entry 1 Normal write-back (RAM at 0x40000000). Other tables live after it in __pagetables.
 */
#include "guest.h"

#define DESC_BLOCK 0x1UL
#define DESC_AF (1UL << 10)
#define DESC_SH_INNER (3UL << 8)
#define DESC_ATTR(i) ((uint64_t)(i) << 2)

uint64_t *mmu_tables(void)
{
    return (uint64_t *)__pagetables;
}

void mmu_enable_identity(void)
{
    uint64_t *l1 = mmu_tables();
    memset(l1, 0, 4096);
    l1[0] = 0x00000000UL | DESC_BLOCK | DESC_AF | DESC_ATTR(MAIR_DEVICE_NGNRNE) | (1UL << 54) | (1UL << 53);
    l1[1] = 0x40000000UL | DESC_BLOCK | DESC_AF | DESC_SH_INNER | DESC_ATTR(MAIR_NORMAL_WB);
    DSB(sy);
    /* MAIR_EL1: Attr0 = 0x00 Device-nGnRnE, Attr1 = 0xFF Normal inner/outer write-back (DDI0487 D17.2.97). */
    WRITE_SYSREG(mair_el1, 0xFF00UL);
    /* TCR_EL1: T0SZ 25, IRGN0/ORGN0 write-back, SH0 inner, TG0 4K, EPD1 (no TTBR1 walks), IPS 32 bits. */
    WRITE_SYSREG(tcr_el1, 25UL | (1UL << 8) | (1UL << 10) | (3UL << 12) | (1UL << 23));
    WRITE_SYSREG(ttbr0_el1, (uint64_t)l1);
    ISB();
    __asm__ volatile("tlbi vmalle1\n dsb nsh\n isb" : : : "memory");
    /* SCTLR_EL1: RES1 bits 11, 20, 22, 23, 28, 29 plus M, C, I (DDI0487 D17.2.118). */
    WRITE_SYSREG(sctlr_el1, 0x30D00800UL | 1UL | (1UL << 2) | (1UL << 12));
    ISB();
}

void mmu_disable(void)
{
    WRITE_SYSREG(sctlr_el1, 0x30D00800UL);
    ISB();
    __asm__ volatile("tlbi vmalle1\n dsb nsh\n isb" : : : "memory");
}
