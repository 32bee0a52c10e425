/* Minimal GICv3 driver for the PNMI test guest: distributor, this CPU's redistributor, SGIs to self (IHI0069). */
#ifndef PNMI_GIC_H
#define PNMI_GIC_H

#include <stdint.h>

/* The virt board's GICv3 (linux-platform.md 2.1): distributor 0x08000000, redistributors from 0x080A0000. */
#define GICD_BASE 0x08000000UL
#define GICR_BASE 0x080A0000UL
#define GICR_STRIDE 0x20000UL

/* Brings up the distributor (ARE, Group 1), this CPU's redistributor and CPU interface; every INTID is Group 1,
 * disabled, at priority default_priority. Returns the number of INTIDs (32 + SPIs). */
uint32_t gic_init(uint32_t default_priority);
void gic_set_priority(uint32_t intid, uint32_t priority);
uint32_t gic_priority(uint32_t intid);
void gic_enable(uint32_t intid);
void gic_disable(uint32_t intid);
int gic_pending(uint32_t intid);
int gic_active(uint32_t intid);
void gic_clear_pending(uint32_t intid);
/* GICR_ISACTIVER0 | GICR_ISPENDR0 of this CPU (SGIs and PPIs). */
uint32_t gic_active_private(void);
uint32_t gic_pending_private(void);
/* Any SPI active (GICD_ISACTIVERn)? */
int gic_any_spi_active(void);
void gic_send_sgi_self(uint32_t intid);
/* SPIs: edge-triggered (GICD_ICFGR) and routed to this CPU (GICD_IROUTER, affinity routing). */
void gic_set_edge(uint32_t intid);
void gic_route_to_self(uint32_t intid);

#endif
