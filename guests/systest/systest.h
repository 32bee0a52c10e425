/*
 * System tests: each guest prints one line per observation (values and "ok"/"FAIL" against the architecture), so the
 * output can be compared line by line between QEMU and Armvisor and each line also checks the expected value.
 */
#ifndef SYSTEST_H
#define SYSTEST_H

#include "guest.h"

/* What the last synchronous exception looked like (filled by the handler in systest.c). */
struct captured_exception {
    uint64_t count;
    uint64_t esr;
    uint64_t elr;
    uint64_t far;
    uint64_t spsr;
    int vector;
};

extern volatile struct captured_exception last;

/* How the handler resumes: skip the faulting instruction, return to the caller's x30, or jump to resume_at. */
enum resume_mode { RESUME_NEXT, RESUME_X30, RESUME_AT };
extern volatile enum resume_mode resume_mode;
extern volatile uint64_t resume_at;
extern volatile uint64_t resume_spsr;

/* Prints "name: value ok" or "name: value FAIL (expected ...)"; counts failures. */
void check(const char *name, uint64_t got, uint64_t expected);
/* Prints "name: value" (a value compared only between QEMU and Armvisor). */
void show(const char *name, uint64_t value);
/* Clears the capture. */
void expect_exception(void);
/* Prints the summary line and returns the failure count. */
int finish(const char *suite);

/* Runs fn at EL0 (EL0t, SP_EL0 = stack) until it executes SVC #0xFFFF; returns to EL1 (systest_el0.S). */
void run_at_el0(void (*fn)(void), void *stack);

#define ESR_EC(esr) (((esr) >> 26) & 0x3F)
#define ESR_ISS(esr) ((esr) & 0x1FFFFFF)

#endif
