/*
 * Mixed compute program of the benchmark suite (our own code), shaped like a typical bare-metal self-test: integer
 * loops, a table-free (bitwise) CRC-32, SHA-256, quicksort and insertion sort, a double-precision loop with division,
 * square root and double<->integer conversions, and 64-bit integer division and remainder. Runs with the MMU and
 * caches off by default (Device-nGnRnE data, DDI0487 B2.5.2), built -O2 -mstrict-align.
 */
#include "suite.h"

BENCH_PARAMS(40, 0);

#define DATA_BYTES 4096
#define SORT_N 1024
#define INS_N 256

static uint8_t data[DATA_BYTES];
static uint32_t qs[SORT_N];
static uint32_t ins[INS_N];

static uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

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

/* SHA-256 (FIPS 180-4 section 6.2) of n bytes, n a multiple of 64 (the length block is appended). */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) | ((uint32_t)p[4 * i + 2] << 8) | p[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

static uint32_t sha256_fold(const uint8_t *p, size_t n)
{
    uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    for (size_t i = 0; i < n; i += 64) {
        sha256_block(h, p + i);
    }
    uint8_t pad[64];
    memset(pad, 0, sizeof pad);
    pad[0] = 0x80;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++) {
        pad[63 - i] = (uint8_t)(bits >> (8 * i));
    }
    sha256_block(h, pad);
    uint32_t f = 0;
    for (int i = 0; i < 8; i++) {
        f = f * 31 + h[i];
    }
    return f;
}

static void quicksort(uint32_t *a, int lo, int hi)
{
    while (lo < hi) {
        uint32_t pivot = a[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) {
                i++;
            }
            while (a[j] > pivot) {
                j--;
            }
            if (i <= j) {
                uint32_t t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        }
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
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
