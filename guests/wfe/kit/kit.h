/*
 * Guest-kit bare-metal runtime, on top of guests/common: PSCI through the conduit the device tree names, result
 * lines, time from the generic counter, SMP start-up, expected-exception probes and EL0 round trips.
 *
 * Output convention (parsed by tests/Armvisor.Integration.Tests/GuestKit): one line per observation,
 * "<case>: key=value key=value ...", and a final "GUESTKIT-END <guest> failures=<n>" before PSCI SYSTEM_OFF. A guest
 * that cannot power off (no PSCI: neither HVC nor SMC is implemented) prints "GUESTKIT-HALT no-psci" after the end
 * line and parks in WFI with interrupts masked; the host stops it when it sees the end line.
 */
#ifndef GUESTKIT_KIT_H
#define GUESTKIT_KIT_H

#include "guest.h"

/* PSCI conduit (DEN0022 5.1), from /psci/method in the DTB that arrived in X0; HVC when there is no DTB. */
enum kit_conduit { KIT_CONDUIT_NONE, KIT_CONDUIT_HVC, KIT_CONDUIT_SMC };

extern uint64_t kit_boot_dtb;
/* Called by kit_start.S before .bss is cleared (DTSpec 0.4 ch. 5); HVC when dtb is not a DTB in RAM. */
enum kit_conduit kit_conduit_from_dtb(uint64_t dtb);
void kit_set_conduit(enum kit_conduit conduit);
enum kit_conduit kit_psci_conduit(void);
const char *kit_conduit_name(enum kit_conduit which);
/* A PSCI/SMCCC call through the conduit; an UNDEFINED conduit returns -1 (NOT_SUPPORTED) and sets *undefined. */
int64_t kit_smccc(uint64_t function, uint64_t a1, uint64_t a2, uint64_t a3, int *undefined);
/* Prints the end line with the failure count and powers off (or halts, see above). */
void kit_power_off(void) __attribute__((noreturn));

/* Results. kit_check counts a failure and prints "FAIL <what>" when ok is false. */
void kit_check(int ok, const char *what);
int kit_failures(void);
/* The guest's name for the end line (default "guest"). */
extern const char *kit_guest_name;

/* Generic counter (DDI0487 D11.1): CNTVCT_EL0 ticks at CNTFRQ_EL0. */
uint64_t kit_ticks(void);
uint64_t kit_ticks_per_ms(void);
uint64_t kit_now_us(void);
void kit_delay_us(uint64_t us);

/* A 64-bit xorshift generator (deterministic, seedable). */
uint64_t kit_random(uint64_t *state);

/*
 * Expected synchronous exceptions: while kit_probe_begin() is in force, a synchronous exception from EL1 is recorded
 * (ESR, ELR) and skipped (ELR += 4) instead of being fatal. kit_probe_end() returns how many were taken.
 */
struct kit_probe {
    int taken;
    uint64_t esr;
    uint64_t elr;
};
void kit_probe_begin(void);
int kit_probe_end(struct kit_probe *probe);
/* Unexpected synchronous exceptions so far (each is printed and counted as a failure). */
int kit_unexpected_exceptions(void);

/* ESR_ELx fields (DDI0487 D17.2.37): EC [31:26], IL [25], ISS [24:0]. */
#define KIT_ESR_EC(esr) (((esr) >> 26) & 0x3F)
#define KIT_ESR_IL(esr) (((esr) >> 25) & 1)
#define KIT_EC_UNKNOWN 0x00
#define KIT_EC_WFX 0x01
#define KIT_EC_SVC64 0x15

/* EL0 round trip: runs code at EL0t with X0-X4 = regs.x[0..4]; code must end with SVC #0; regs.x[0..3] get X0-X3. */
struct kit_el0_regs {
    uint64_t x[5];
};
void kit_run_el0(void (*code)(void), struct kit_el0_regs *regs);
/* When set, a trapped WFE from EL0 (EC 0x01, SCTLR_EL1.nTWE = 0) is counted here and skipped. */
extern volatile int kit_el0_wfe_traps;

/* SMP: starts CPU with Aff0 = cpu at kit_secondary_main(cpu) on its own stack; returns the PSCI status. */
int64_t kit_cpu_on(unsigned cpu);
void kit_secondary_main(uint64_t cpu);
/* Set by a guest that uses secondaries: the function they run. */
extern void (*kit_secondary_body)(unsigned cpu);

/* IRQ hook: the guest's interrupt handler, called from the IRQ vector with the frame (null: unexpected IRQ). */
extern void (*kit_irq_hook)(void);

#endif
