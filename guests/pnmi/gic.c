/* Minimal GICv3 driver for the PNMI test guest (IHI0069 §12.9 distributor, §12.10-12.11 redistributor). */
#include "gic.h"
#include "guest.h"

#define REG32(a) (*(volatile uint32_t *)(a))
#define REG64(a) (*(volatile uint64_t *)(a))

/* Distributor (§12.9). */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0C00
#define GICD_IROUTER 0x6000
#define GICD_CTLR_ENABLE_GRP1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_RWP (1u << 31)

/* Redistributor RD_base (§12.10) and SGI_base = RD_base + 64 KiB (§12.11). */
#define GICR_WAKER 0x0014
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_ISPENDR0 (GICR_SGI + 0x0200)
#define GICR_ICPENDR0 (GICR_SGI + 0x0280)
#define GICR_ISACTIVER0 (GICR_SGI + 0x0300)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)

static uint64_t rd_base;
static uint32_t intids;

static uint64_t find_redistributor(void)
{
    uint64_t mpidr = READ_SYSREG(mpidr_el1);
    /* GICR_TYPER.Affinity [63:32] = Aff3.Aff2.Aff1.Aff0 (§12.11.37). */
    uint64_t affinity = ((mpidr >> 32) & 0xFF) << 24 | (mpidr & 0xFFFFFF);
    for (uint64_t base = GICR_BASE;; base += GICR_STRIDE) {
        uint64_t typer = REG64(base + GICR_TYPER);
        if ((typer >> 32) == affinity) {
            return base;
        }
        if (typer & GICR_TYPER_LAST) {
            return GICR_BASE;
        }
    }
}

static void distributor_wait(void)
{
    while (REG32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP) {
    }
}

uint32_t gic_init(uint32_t default_priority)
{
    /* Distributor: affinity routing, Group 1 enabled; DS = 1 (single Security state) on the virt board without EL3. */
    REG32(GICD_BASE + GICD_CTLR) = 0;
    distributor_wait();
    intids = 32 * ((REG32(GICD_BASE + GICD_TYPER) & 0x1F) + 1);
    if (intids > 1020) {
        intids = 1020;
    }
    for (uint32_t n = 32; n < intids; n += 32) {
        REG32(GICD_BASE + GICD_ICENABLER + n / 8) = 0xFFFFFFFFu;
        REG32(GICD_BASE + GICD_ICPENDR + n / 8) = 0xFFFFFFFFu;
        REG32(GICD_BASE + GICD_IGROUPR + n / 8) = 0xFFFFFFFFu;
    }
    for (uint32_t n = 32; n < intids; n++) {
        gic_set_priority(n, default_priority);
    }
    REG32(GICD_BASE + GICD_CTLR) = GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1;
    distributor_wait();

    /* Redistributor: wake it (§12.11.44), then SGIs and PPIs Group 1, disabled, default priority. */
    rd_base = find_redistributor();
    REG32(rd_base + GICR_WAKER) &= ~GICR_WAKER_PROCESSOR_SLEEP;
    while (REG32(rd_base + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP) {
    }
    REG32(rd_base + GICR_ICENABLER0) = 0xFFFFFFFFu;
    REG32(rd_base + GICR_ICPENDR0) = 0xFFFFFFFFu;
    REG32(rd_base + GICR_IGROUPR0) = 0xFFFFFFFFu;
    for (uint32_t n = 0; n < 32; n++) {
        gic_set_priority(n, default_priority);
    }

    /* CPU interface: System-register access (ICC_SRE_EL1.SRE), Group 1 on (§12.2.15, §12.2.22). */
    WRITE_SYSREG(icc_sre_el1, READ_SYSREG(icc_sre_el1) | 1);
    ISB();
    WRITE_SYSREG(icc_igrpen1_el1, 1);
    ISB();
    return intids;
}

static uint64_t frame_for(uint32_t intid, uint64_t gicr_offset, uint64_t gicd_offset)
{
    return intid < 32 ? rd_base + gicr_offset : GICD_BASE + gicd_offset + (intid / 32) * 4;
}

/* IPRIORITYR is byte-accessible (§12.9.20), but Word accesses work on every implementation: read-modify-write. */
static uint64_t priority_word(uint32_t intid)
{
    return (intid < 32 ? rd_base + GICR_IPRIORITYR : GICD_BASE + GICD_IPRIORITYR) + (intid & ~3u);
}

void gic_set_priority(uint32_t intid, uint32_t priority)
{
    unsigned shift = (intid % 4) * 8;
    uint32_t word = REG32(priority_word(intid));
    REG32(priority_word(intid)) = (word & ~(0xFFu << shift)) | (priority & 0xFF) << shift;
}

uint32_t gic_priority(uint32_t intid)
{
    return (REG32(priority_word(intid)) >> ((intid % 4) * 8)) & 0xFF;
}

void gic_enable(uint32_t intid)
{
    REG32(frame_for(intid, GICR_ISENABLER0, GICD_ISENABLER)) = 1u << (intid % 32);
    DSB(sy);
}

void gic_disable(uint32_t intid)
{
    REG32(frame_for(intid, GICR_ICENABLER0, GICD_ICENABLER)) = 1u << (intid % 32);
    DSB(sy);
}

int gic_pending(uint32_t intid)
{
    return (REG32(frame_for(intid, GICR_ISPENDR0, GICD_ISPENDR)) >> (intid % 32)) & 1;
}

int gic_active(uint32_t intid)
{
    return (REG32(frame_for(intid, GICR_ISACTIVER0, GICD_ISACTIVER)) >> (intid % 32)) & 1;
}

void gic_clear_pending(uint32_t intid)
{
    REG32(frame_for(intid, GICR_ICPENDR0, GICD_ICPENDR)) = 1u << (intid % 32);
    DSB(sy);
}

uint32_t gic_active_private(void)
{
    return REG32(rd_base + GICR_ISACTIVER0);
}

uint32_t gic_pending_private(void)
{
    return REG32(rd_base + GICR_ISPENDR0);
}

int gic_any_spi_active(void)
{
    for (uint32_t n = 32; n < intids; n += 32) {
        if (REG32(GICD_BASE + GICD_ISACTIVER + n / 8)) {
            return 1;
        }
    }
    return 0;
}

void gic_send_sgi_self(uint32_t intid)
{
    uint64_t mpidr = READ_SYSREG(mpidr_el1);
    /* ICC_SGI1R_EL1 (§12.2.21): Aff3 [55:48], Aff2 [39:32], INTID [27:24], Aff1 [23:16], TargetList [15:0]. */
    uint64_t v = ((mpidr >> 32) & 0xFF) << 48 | ((mpidr >> 16) & 0xFF) << 32 | (uint64_t)(intid & 0xF) << 24 |
        ((mpidr >> 8) & 0xFF) << 16 | (1u << (mpidr & 0xF));
    WRITE_SYSREG(icc_sgi1r_el1, v);
    ISB();
}

void gic_set_edge(uint32_t intid)
{
    /* GICD_ICFGR<n> (§12.9.9): two bits per INTID, bit 1 of each pair set = edge-triggered. SPIs only here. */
    if (intid >= 32) {
        uint64_t a = GICD_BASE + GICD_ICFGR + (intid / 16) * 4;
        REG32(a) |= 2u << ((intid % 16) * 2);
    }
}

void gic_route_to_self(uint32_t intid)
{
    /* GICD_IROUTER<n> (§12.9.22): Aff3 [39:32], Aff2 [23:16], Aff1 [15:8], Aff0 [7:0], IRM = 0. */
    if (intid >= 32) {
        uint64_t mpidr = READ_SYSREG(mpidr_el1);
        REG64(GICD_BASE + GICD_IROUTER + intid * 8) = (mpidr & 0xFFFFFFUL) | (((mpidr >> 32) & 0xFF) << 32);
    }
}
