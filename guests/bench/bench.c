/*
 * CPU-bound benchmark guest: software CRC-32, an integer quicksort and SHA-256 (FIPS 180-4), repeated
 * params.iterations times over identical data, so every iteration retires exactly the same instructions and the
 * instruction count is linear in the iteration count (scripts/bench-engine.sh relies on that).
 * The tool patches params in the ELF (found by its magic) before each run.
 */
#include "bench_kernels.h"

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
        sha256(buffer, SHA_BYTES, d);
        for (int k = 0; k < 8; k++) {
            digest[k] = digest[k] * 31 + d[k];
        }
    }
    printf("bench iterations %lu mmu %lu\n", n, params.use_mmu);
    printf("crc32 %08x sort %08x sha256 %08x%08x%08x%08x%08x%08x%08x%08x\n", crc, sorted, digest[0], digest[1],
        digest[2], digest[3], digest[4], digest[5], digest[6], digest[7]);
    return 0;
}
