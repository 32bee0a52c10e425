/*
 * Bare-metal support for Dhrystone 2.1 (fetched into ~/.cache/armvisor/bench-src/dhrystone, never committed; our
 * own code): time() in seconds from the generic timer's virtual counter, a bump malloc, strcpy and strcmp, and the
 * parameter block (iterations = Dhrystone's run count, and the MMU setting). Dhrystone's main is renamed
 * dhrystone_main by the build so this file's main can set up the MMU first.
 */
#include "suite.h"

BENCH_PARAMS(3000000, 1);

/* Dhrystone's run count (the build defines DHRY_ITERS as dhry_runs()). */
int dhry_runs(void)
{
    return (int)params.iterations;
}

static uint8_t heap[4096] __attribute__((aligned(16)));
static size_t heap_used;

void *malloc(size_t n)
{
    void *p = &heap[heap_used];
    heap_used += (n + 15) & ~(size_t)15;
    return p;
}

char *strcpy(char *d, const char *s)
{
    char *r = d;
    while ((*d++ = *s++) != 0) {
    }
    return r;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

long time(long *t)
{
    ISB();
    long s = (long)(READ_SYSREG(cntvct_el0) / READ_SYSREG(cntfrq_el0));
    if (t) {
        *t = s;
    }
    return s;
}

int dhrystone_main(void);

int main(void)
{
    suite_begin();
    dhrystone_main();
    return 0;
}
