/*
 * Division-heavy program of the benchmark suite (our own code): 32- and 64-bit SDIV/UDIV with run-time divisors,
 * C's % (MSUB after the division), a binary GCD against Euclid's, radix conversion by repeated division, and the
 * architectural corner cases (divide by zero gives 0, INT_MIN / -1 gives INT_MIN: DDI0487 C6.2 SDIV/UDIV).
 */
#include "suite.h"

BENCH_PARAMS(30, 1);

static inline int64_t sdiv64(int64_t a, int64_t b)
{
    int64_t r;
    __asm__("sdiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

static inline uint32_t udiv32(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__("udiv %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

static uint64_t euclid(uint64_t a, uint64_t b)
{
    while (b != 0) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint32_t euclid32(uint32_t a, uint32_t b)
{
    while (b != 0) {
        uint32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Digits of v in base (2..36), summed with their positions: one division and one remainder per digit. */
static uint64_t radix_digits(uint64_t v, uint64_t base)
{
    uint64_t h = 0;
    int pos = 1;
    while (v != 0) {
        h += (v % base) * (uint64_t)pos++;
        v /= base;
    }
    return h;
}

static uint64_t corner_cases(uint64_t seed)
{
    uint64_t h = 0;
    h = mix64(h, (uint64_t)sdiv64((int64_t)0x8000000000000000ULL, -1));
    h = mix64(h, (uint64_t)sdiv64((int64_t)seed, 0));
    h = mix64(h, udiv32((uint32_t)seed, 0));
    h = mix64(h, udiv32(0xFFFFFFFFu, (uint32_t)(seed | 1)));
    return h;
}

int main(void)
{
    suite_begin();
    uint64_t h = 0, x = 0x243F6A8885A308D3ULL;
    for (uint64_t it = 0; it < params.iterations; it++) {
        __asm__ volatile("" : : : "memory");
        for (int i = 0; i < 3000; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            uint64_t y = (x >> 17) | 1;
            h = mix64(h, euclid(x, y));
            h = mix64(h, euclid32((uint32_t)(x >> 32), (uint32_t)y | 1));
            h = mix64(h, radix_digits(x, 2 + (x >> 59)));
            int32_t sa = (int32_t)(x >> 7), sb = (int32_t)(y >> 40) - 9000;
            if (sb != 0) {
                h = mix64(h, (uint64_t)(int64_t)(sa / sb));
                h = mix64(h, (uint64_t)(int64_t)(sa % sb));
            }
            int64_t la = (int64_t)x, lb = (int64_t)(y >> 20) - 7777;
            if (lb != 0) {
                h = mix64(h, (uint64_t)(la / lb));
                h = mix64(h, (uint64_t)(la % lb));
            }
            h = mix64(h, corner_cases(x));
        }
    }
    printf("div iterations %lu mmu %lu\n", params.iterations, params.use_mmu);
    printf("div checksum %016lx\n", h);
    return 0;
}
