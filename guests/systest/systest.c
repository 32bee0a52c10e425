/* Exception capture and reporting shared by the system tests. */
#include "systest.h"

volatile struct captured_exception last;
volatile enum resume_mode resume_mode;
volatile uint64_t resume_at;
volatile uint64_t resume_spsr;
static int failures;

#define SVC_RETURN_TO_EL1 0xFFFF
extern char el0_exit[];

void sync_exception(struct exception_frame *frame, int vector)
{
    /* SVC #0xFFFF from EL0 is run_at_el0's way home (ESR EC 0x15, ISS = imm16; DDI0487 D17.2.37). */
    if (vector == 8 && ESR_EC(frame->esr) == 0x15 && ESR_ISS(frame->esr) == SVC_RETURN_TO_EL1) {
        frame->elr = (uint64_t)el0_exit;
        frame->spsr = 0x3C5;
        return;
    }
    last.count++;
    last.esr = frame->esr;
    last.elr = frame->elr;
    last.far = frame->far;
    last.spsr = frame->spsr;
    last.vector = vector;
    /* Resume without PSTATE.IL so an illegal return is reported once (DDI0487 D1.4.4). */
    frame->spsr &= ~(1UL << 20);
    switch (resume_mode) {
    case RESUME_X30:
        frame->elr = frame->x[30];
        break;
    case RESUME_AT:
        frame->elr = resume_at;
        frame->spsr = resume_spsr;
        break;
    default:
        /* SVC and HVC return to the next instruction already (preferred return address, DDI0487 D1.10.1). */
        if (ESR_EC(frame->esr) != 0x15) {
            frame->elr += 4;
        }
        break;
    }
}

void check(const char *name, uint64_t got, uint64_t expected)
{
    if (got == expected) {
        printf("%s: 0x%lx ok\n", name, got);
    } else {
        failures++;
        printf("%s: 0x%lx FAIL (expected 0x%lx)\n", name, got, expected);
    }
}

void show(const char *name, uint64_t value)
{
    printf("%s: 0x%lx\n", name, value);
}

void expect_exception(void)
{
    last.count = 0;
    last.esr = last.elr = last.far = last.spsr = 0;
    last.vector = -1;
    resume_mode = RESUME_NEXT;
}

int finish(const char *suite)
{
    printf("SYSTEST %s DONE failures=%d\n", suite, failures);
    return failures;
}
