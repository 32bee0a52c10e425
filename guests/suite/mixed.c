/*
 * Mixed compute program of the benchmark suite (our own code), shaped like a typical bare-metal self-test: integer
 * loops, a table-free (bitwise) CRC-32, SHA-256, quicksort and insertion sort, a double-precision loop with division,
 * square root and double<->integer conversions, and 64-bit integer division and remainder. Runs with the MMU and
 * caches off by default (Device-nGnRnE data, DDI0487 B2.5.2), built -O2 -mstrict-align.
 */
#include "suite.h"
#include "bench_kernels.h"

BENCH_PARAMS(40, 0);

#define DATA_BYTES 4096
#define SORT_N 1024
#define INS_N 256

static uint8_t data[DATA_BYTES];
static uint32_t qs[SORT_N];
static uint32_t ins[INS_N];

/* CRC-32 (reflected 0xEDB88320) one bit at a time, no table. */
static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
        }
    }
    return ~c;
}

static uint32_t sha256_fold(const uint8_t *p, size_t n)
{
    uint32_t h[8];
    sha256(p, n, h);
    uint32_t f = 0;
    for (int i = 0; i < 8; i++) {
        f = f * 31 + h[i];
    }
    return f;
}

static void insertion_sort(uint32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        uint32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static uint32_t sorts(uint32_t seed)
{
    uint32_t s = seed;
    for (int i = 0; i < SORT_N; i++) {
        qs[i] = xorshift32(&s);
    }
    for (int i = 0; i < INS_N; i++) {
        ins[i] = xorshift32(&s) % 100000u;
    }
    quicksort(qs, 0, SORT_N - 1);
    insertion_sort(ins, INS_N);
    uint32_t h = 0;
    for (int i = 0; i < SORT_N; i++) {
        h = h * 31 + qs[i];
    }
    for (int i = 0; i < INS_N; i++) {
        h = h * 37 + ins[i];
    }
    return h;
}

/* Integer loops: a sieve-free prime count by trial multiplication and a Collatz walk. */
static uint32_t integer_loops(uint32_t n)
{
    uint32_t steps = 0;
    for (uint32_t i = 1; i < n; i++) {
        uint64_t x = i;
        while (x != 1) {
            x = (x & 1) ? 3 * x + 1 : x >> 1;
            steps++;
        }
    }
    return steps;
}

/* Double loop: division, square root, double->integer and integer->double conversions. */
static uint64_t double_loop(int n)
{
    double acc = 0.0, x = 1.0;
    int64_t isum = 0;
    for (int i = 1; i <= n; i++) {
        double d = (double)i;
        x = x / 1.0001 + 1.0 / d;
        double r = __builtin_sqrt(d * x + 2.0);
        acc += r / (d + 0.5);
        int64_t k = (int64_t)(r * 1000.0);
        isum += k;
        acc += (double)(k % 7) * 0.125;
        uint32_t u = (uint32_t)(x * 3.0);
        acc -= (double)u / 1024.0;
    }
    return mix64(bits_of(acc), (uint64_t)isum);
}

/* 64-bit division and remainder by divisors only known at run time. */
static uint64_t divisions(int n)
{
    uint64_t h = 0;
    uint64_t a = 0xFEDCBA9876543210ULL;
    int64_t sa = -0x123456789ABCDEFLL;
    for (int i = 1; i <= n; i++) {
        uint64_t d = (uint64_t)i * 2654435761u + 3;
        int64_t sd = (i & 1) ? -(int64_t)(i * 977 + 1) : (int64_t)(i * 131 + 7);
        h = mix64(h, a / d);
        h = mix64(h, a % d);
        h = mix64(h, (uint64_t)(sa / sd));
        h = mix64(h, (uint64_t)(sa % sd));
        a = a * 6364136223846793005ULL + 1442695040888963407ULL;
        sa = (int64_t)a >> 3;
    }
    return h;
}

int main(void)
{
    suite_begin();
    uint32_t s = 0xC0FFEEu;
    for (int i = 0; i < DATA_BYTES; i++) {
        data[i] = (uint8_t)xorshift32(&s);
    }
    uint64_t h = 0;
    for (uint64_t it = 0; it < params.iterations; it++) {
        __asm__ volatile("" : : : "memory");
        h = mix64(h, integer_loops(2000));
        h = mix64(h, crc32_bitwise(data, DATA_BYTES));
        h = mix64(h, sha256_fold(data, DATA_BYTES));
        h = mix64(h, sorts(0x12345678u + (uint32_t)it));
        h = mix64(h, double_loop(4000));
        h = mix64(h, divisions(4000));
    }
    printf("mixed iterations %lu mmu %lu\n", params.iterations, params.use_mmu);
    printf("mixed checksum %016lx\n", h);
    return 0;
}
