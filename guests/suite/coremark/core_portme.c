/* Armvisor's bare-metal CoreMark port (see core_portme.h): timing, seeds, start-up. */
#include "coremark.h"

/* The iteration count comes from the patched parameter block (suite.h), not from the build. */
BENCH_PARAMS(2000, 1);

#if VALIDATION_RUN
volatile ee_s32 seed1_volatile = 0x3415;
volatile ee_s32 seed2_volatile = 0x3415;
volatile ee_s32 seed3_volatile = 0x66;
#endif
#if PERFORMANCE_RUN
volatile ee_s32 seed1_volatile = 0x0;
volatile ee_s32 seed2_volatile = 0x0;
volatile ee_s32 seed3_volatile = 0x66;
#endif
#if PROFILE_RUN
volatile ee_s32 seed1_volatile = 0x8;
volatile ee_s32 seed2_volatile = 0x8;
volatile ee_s32 seed3_volatile = 0x8;
#endif
volatile ee_s32 seed4_volatile = 1;
volatile ee_s32 seed5_volatile = 0;

ee_u32 default_num_contexts = 1;

static CORE_TICKS start_ticks, stop_ticks;

static inline CORE_TICKS counter(void)
{
    ISB();
    return READ_SYSREG(cntvct_el0);
}

void start_time(void)
{
    start_ticks = counter();
}

void stop_time(void)
{
    stop_ticks = counter();
}

CORE_TICKS get_time(void)
{
    return stop_ticks - start_ticks;
}

secs_ret time_in_secs(CORE_TICKS ticks)
{
    return (secs_ret)(ticks / READ_SYSREG(cntfrq_el0));
}

void portable_init(core_portable *p, int *argc, char *argv[])
{
    (void)argc;
    (void)argv;
    suite_begin();
    seed4_volatile = (ee_s32)params.iterations;
    p->portable_id = 1;
}

void portable_fini(core_portable *p)
{
    p->portable_id = 0;
}
