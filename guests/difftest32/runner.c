/*
 * difftest32: runs the job at JOB_BASE (layout.h) with the MMU on (identity sections, Normal memory) and prints one
 * hash per block of BLOCK_CASES cases, or every case's full result for the cases the job asks to detail. The same
 * output on qemu-system-arm -M virt -cpu cortex-a15 and on Armvisor is the differential test's criterion.
 */
#include <stdint.h>

#include "layout.h"
#include "rt32.h"

uint32_t run_case(const uint32_t *rec, uint32_t *save);
extern uint32_t code_slot[];
extern char case_done[];
extern char case_done_t32[];

uint32_t g_sp, g_save, g_fsr[2], g_fp, g_entry;
uint32_t g_id[5]; /* FPEXC at reset, FPEXC after EN = 1, FPSID, MVFR0, MVFR1 (runner.S) */
uint32_t g_fpsave[65]; /* D0-D31 (low word first), FPSCR */
static uint32_t l1[4096] __attribute__((aligned(16384)));

static void mmu_on(void)
{
    for (unsigned i = 0; i < 4096; i++) {
        l1[i] = 0;
    }
    for (unsigned mb = 0x400; mb < 0x480; mb++) {
        l1[mb] = (mb << 20) | (1u << 12) | (3u << 10) | (1u << 3) | (1u << 2) | 0x2u; /* Normal WB, RW, domain 0 */
    }
    l1[0x090] = 0x09000000u | (3u << 10) | (1u << 4) | (1u << 2) | 0x2u; /* PL011: Device, XN */
    __asm__ volatile("dsb\n"
                     "mcr p15, 0, %0, c2, c0, 2\n"
                     "mcr p15, 0, %1, c2, c0, 0\n"
                     "mcr p15, 0, %2, c3, c0, 0\n"
                     "mcr p15, 0, %0, c8, c7, 0\n"
                     "isb" : : "r"(0), "r"((uint32_t)(uintptr_t)l1 | 0x4A), "r"(0x55555555u) : "memory");
    uint32_t sctlr;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
    sctlr = (sctlr | 1u | (1u << 2) | (1u << 12)) & ~((1u << 1) | (1u << 28) | (1u << 29));
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n isb" : : "r"(sctlr) : "memory");
}

/* B.W (T32 encoding T4) at from to to: S:I1:I2:imm10:imm11:'0', J1 = NOT(I1 EOR S), J2 = NOT(I2 EOR S) (F5.1 B). */
static void t32_branch(uint16_t *at, uint32_t to)
{
    uint32_t offset = to - ((uint32_t)(uintptr_t)at + 4);
    uint32_t s = (offset >> 24) & 1, i1 = (offset >> 23) & 1, i2 = (offset >> 22) & 1;
    uint32_t j1 = (~(i1 ^ s)) & 1, j2 = (~(i2 ^ s)) & 1;
    at[0] = (uint16_t)(0xF000u | (s << 10) | ((offset >> 12) & 0x3FFu));
    at[1] = (uint16_t)(0x9000u | (j1 << 13) | (j2 << 11) | ((offset >> 1) & 0x7FFu));
}

/* The T32 slot: the optional IT prefix, the instruction (a value above 0xFFFF is 32-bit, first halfword on top), B.W back. */
static void t32_slot(uint32_t prefix, uint32_t insn)
{
    uint16_t *slot = (uint16_t *)code_slot;
    unsigned n = 0;
    if (prefix != 0) {
        slot[n++] = (uint16_t)prefix;
    }
    if (insn > 0xFFFFu) {
        slot[n++] = (uint16_t)(insn >> 16);
    }
    slot[n++] = (uint16_t)insn;
    t32_branch(&slot[n], (uint32_t)(uintptr_t)case_done_t32 & ~1u);
}

static uint32_t pattern(unsigned i) { return 0x9E3779B9u * (i + 1); }

static uint32_t mix(uint32_t h, uint32_t v) { return (h ^ v) * 0x01000193u; }

int main(void)
{
    volatile uint32_t *job = (volatile uint32_t *)JOB_BASE;
    volatile uint32_t *scratch = (volatile uint32_t *)SCRATCH_BASE;
    if (job[0] != JOB_MAGIC) {
        put_str("difftest32: no job\n");
        return 0;
    }
    static const char *const id_names[5] = {"I fpexc=", " fpexc.en=", " fpsid=", " mvfr0=", " mvfr1="};
    for (unsigned i = 0; i < 5; i++) {
        put_str(id_names[i]);
        put_hex(g_id[i]);
    }
    put_char('\n');
    uint32_t count = job[1], detail_first = job[2], detail_count = job[3];
    g_fp = job[4] & JOB_FLAG_FP;
    uint32_t thumb = job[4] & JOB_FLAG_T32;
    uint32_t case_size = g_fp ? FP_CASE_SIZE : CASE_SIZE;
    mmu_on();
    for (unsigned i = 0; i < SCRATCH_WORDS; i++) {
        scratch[i] = pattern(i);
    }
    uint32_t branch = 0xEA000000u | ((((uint32_t)(uintptr_t)case_done - ((uint32_t)(uintptr_t)&code_slot[1] + 8)) >> 2) & 0xFFFFFF);
    uint32_t block = 0x811C9DC5u;
    for (uint32_t c = 0; c < count; c++) {
        const uint32_t *rec = (const uint32_t *)(JOB_BASE + CASES_OFF + c * case_size);
        if (thumb) {
            t32_slot(rec[g_fp ? FP_CASE_PREFIX : CASE_PREFIX], rec[CASE_INSN]);
            g_entry = (uint32_t)(uintptr_t)code_slot | 1u;
        } else {
            code_slot[0] = rec[CASE_INSN];
            code_slot[1] = branch;
            g_entry = (uint32_t)(uintptr_t)code_slot;
        }
        __asm__ volatile("dsb\n mcr p15, 0, %0, c7, c5, 0\n dsb\n isb" : : "r"(0) : "memory");
        uint32_t save[14];
        g_fsr[0] = g_fsr[1] = 0;
        uint32_t kind = run_case(rec, save);
        uint32_t h = mix(0x811C9DC5u, kind);
        for (unsigned r = 0; r < 14; r++) {
            h = mix(h, save[r]);
        }
        h = mix(mix(h, g_fsr[0]), g_fsr[1]);
        if (g_fp) {
            for (unsigned r = 0; r < 65; r++) {
                h = mix(h, g_fpsave[r]);
            }
        }
        uint32_t memory = 0x811C9DC5u;
        for (unsigned i = 0; i < SCRATCH_WORDS; i++) {
            uint32_t v = scratch[i];
            if (v != pattern(i)) {
                memory = mix(mix(memory, i), v);
                scratch[i] = pattern(i);
            }
        }
        h = mix(h, memory);
        block = mix(block, h);
        if (c - detail_first < detail_count) {
            put_str("C ");
            put_dec(c);
            put_str(" kind=");
            put_dec(kind);
            for (unsigned r = 0; r < 13; r++) {
                put_str(" r");
                put_dec(r);
                put_char('=');
                put_hex(save[r]);
            }
            put_str(" apsr=");
            put_hex(save[13]);
            put_str(" fsr=");
            put_hex(g_fsr[0]);
            put_str(" far=");
            put_hex(g_fsr[1]);
            put_str(" mem=");
            put_hex(memory);
            if (g_fp) {
                put_str(" fpscr=");
                put_hex(g_fpsave[64]);
                for (unsigned r = 0; r < 32; r++) {
                    put_str(" d");
                    put_dec(r);
                    put_char('=');
                    put_hex(g_fpsave[2 * r + 1]);
                    put_hex(g_fpsave[2 * r]);
                }
            }
            put_char('\n');
        }
        if ((c + 1) % BLOCK_CASES == 0 || c + 1 == count) {
            put_str("B ");
            put_dec(c / BLOCK_CASES);
            put_char(' ');
            put_hex(block);
            put_char('\n');
            block = 0x811C9DC5u;
        }
    }
    put_str("GUESTKIT-END difftest32 cases=");
    put_dec(count);
    put_str("\n");
    return 0;
}
