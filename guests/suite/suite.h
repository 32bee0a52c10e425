/*
 * Shared by the engine benchmark suite's own programs (scripts/bench-engine.sh): the parameter block the tools patch
 * (same layout and magic as guests/bench, tools/Armvisor.Bench/Benchmark/BenchmarkGuest.cs) and the start of a run.
 */
#ifndef SUITE_H
#define SUITE_H

#include "guest.h"

struct bench_params {
    uint64_t magic;
    uint64_t iterations;
    uint64_t use_mmu;
};

/* "BENCHPRM" little-endian. Each program defines it with its default iterations and MMU setting. */
#define BENCH_PARAMS(iterations, mmu) \
    volatile struct bench_params params __attribute__((used, aligned(8))) = { 0x4D525048434E4542ULL, (iterations), (mmu) }

extern volatile struct bench_params params;

/* With use_mmu the identity map (Normal write-back RAM, caches on); without, the MMU and caches stay off as start.S
 * left them: data accesses are then Device-nGnRnE (DDI0487 B2.5.2), hence -mstrict-align for these programs. */
static inline void suite_begin(void)
{
    if (params.use_mmu) {
        mmu_enable_identity();
    }
}

static inline uint64_t bits_of(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static inline uint32_t bits_of_float(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline uint64_t mix64(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h;
}

#endif
