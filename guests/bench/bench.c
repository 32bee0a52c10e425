/*
 * CPU-bound benchmark guest: software CRC-32, an integer quicksort and SHA-256 (FIPS 180-4), repeated
 * params.iterations times over identical data, so every iteration retires exactly the same instructions and the
 * instruction count is linear in the iteration count (scripts/bench-engine.sh relies on that).
 * The tool patches params in the ELF (found by its magic) before each run.
 */
#include "guest.h"

struct bench_params {
    uint64_t magic;
    uint64_t iterations;
    uint64_t use_mmu;
};

/* "BENCHPRM" little-endian; tools/Armvisor.Bench/Benchmark/BenchmarkGuest.cs looks for it. */
volatile struct bench_params params __attribute__((used, aligned(8))) = { 0x4D525048434E4542ULL, 10, 1 };

#define CRC_BYTES 16384
#define SORT_COUNT 2048
#define SHA_BYTES 8192

static uint8_t buffer[CRC_BYTES];
static uint32_t crc_table[256];
static uint32_t sort_data[SORT_COUNT];

static uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), table driven. */
static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    }
    return c ^ 0xFFFFFFFFu;
}

static void quicksort(uint32_t *a, int lo, int hi)
{
    while (lo < hi) {
        uint32_t pivot = a[(lo + hi) / 2];
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

static uint32_t sort_round(void)
{
    uint32_t s = 0x12345678u;
    for (int i = 0; i < SORT_COUNT; i++) {
        sort_data[i] = xorshift32(&s);
    }
    quicksort(sort_data, 0, SORT_COUNT - 1);
    uint32_t h = 0;
    for (int i = 0; i < SORT_COUNT; i++) {
        h = h * 31 + sort_data[i];
    }
    return h;
}

/* SHA-256 (FIPS 180-4 section 6.2). */
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

/* SHA-256 of SHA_BYTES of buffer (a multiple of 64, so padding is one extra block). */
static void sha256(const uint8_t *p, uint32_t out[8])
{
    uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    for (size_t i = 0; i < SHA_BYTES; i += 64) {
        sha256_block(h, p + i);
    }
    uint8_t pad[64];
    memset(pad, 0, sizeof pad);
    pad[0] = 0x80;
    uint64_t bits = (uint64_t)SHA_BYTES * 8;
    for (int i = 0; i < 8; i++) {
        pad[63 - i] = (uint8_t)(bits >> (8 * i));
    }
    sha256_block(h, pad);
    for (int i = 0; i < 8; i++) {
        out[i] = h[i];
    }
}

int main(void)
{
    if (params.use_mmu) {
        mmu_enable_identity();
    }
    uint64_t n = params.iterations;
    crc_init();
    uint32_t s = 0xC0FFEEu;
    for (int i = 0; i < CRC_BYTES; i++) {
        buffer[i] = (uint8_t)xorshift32(&s);
    }
    uint32_t crc = 0, sorted = 0, digest[8] = { 0 };
    for (uint64_t i = 0; i < n; i++) {
        /* The compiler must not hoist the identical work out of the loop. */
        __asm__ volatile("" : : : "memory");
        crc = crc * 31 + crc32(buffer, CRC_BYTES);
        sorted = sorted * 31 + sort_round();
        uint32_t d[8];
        sha256(buffer, d);
        for (int k = 0; k < 8; k++) {
            digest[k] = digest[k] * 31 + d[k];
        }
    }
    printf("bench iterations %lu mmu %lu\n", n, params.use_mmu);
    printf("crc32 %08x sort %08x sha256 %08x%08x%08x%08x%08x%08x%08x%08x\n", crc, sorted, digest[0], digest[1],
        digest[2], digest[3], digest[4], digest[5], digest[6], digest[7]);
    return 0;
}
