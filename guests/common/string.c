/* The few libc routines GCC may call even in freestanding code. */
#include "guest.h"

void *memset(void *d, int c, size_t n)
{
    volatile unsigned char *p = d;
    while (n--) {
        *p++ = (unsigned char)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) {
        *p++ = *q++;
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a;
    const unsigned char *q = b;
    for (; n; n--, p++, q++) {
        if (*p != *q) {
            return *p - *q;
        }
    }
    return 0;
}

/* Weak default handlers: report and stop. Guests that expect exceptions override sync_exception. */
__attribute__((weak)) void sync_exception(struct exception_frame *frame, int vector)
{
    printf("UNEXPECTED sync exception vector %d ESR %08lx ELR %lx FAR %lx\n", vector, frame->esr, frame->elr,
        frame->far);
    psci_system_off();
}

__attribute__((weak)) void irq_exception(struct exception_frame *frame, int vector)
{
    printf("UNEXPECTED interrupt vector %d ELR %lx\n", vector, frame->elr);
    psci_system_off();
}
