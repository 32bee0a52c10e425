/*
 * systest32: an AArch32 (ARMv7-A, Cortex-A15) system guest. The same lines on qemu-system-arm -M virt -cpu cortex-a15
 * and on Armvisor: exceptions (SVC, UNDEFINED, BKPT, prefetch and data aborts with IFSR/IFAR and DFSR/DFAR, alignment),
 * banked registers, the short-descriptor MMU (sections, small and large pages, supersections, domains and DACR,
 * access permissions, the access flag with SCTLR.AFE, high vectors), exclusives, and a checksum of integer results.
 */
#include <stdint.h>

#include "rt32.h"

void psci_system_off(void);
int try_call(void (*target)(void));
uint32_t probe_read(uint32_t address);
void probe_write(uint32_t address, uint32_t value);
void do_svc(void);
void do_udf(void);
void do_bkpt(void);
void read_irq_banked(uint32_t out[3]);
void poke_irq_mode(uint32_t lr, uint32_t spsr);
extern char vectors[];

#define CP15_READ(op1, crn, crm, op2) ({ uint32_t v_; __asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v_)); v_; })
#define CP15_WRITE(op1, crn, crm, op2, v) __asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 "\n isb" : : "r"((uint32_t)(v)) : "memory")

#define SCTLR_READ() CP15_READ(0, c1, c0, 0)
#define SCTLR_WRITE(v) CP15_WRITE(0, c1, c0, 0, v)
#define DFSR_READ() CP15_READ(0, c5, c0, 0)
#define IFSR_READ() CP15_READ(0, c5, c0, 1)
#define DFAR_READ() CP15_READ(0, c6, c0, 0)
#define IFAR_READ() CP15_READ(0, c6, c0, 2)
#define DACR_WRITE(v) CP15_WRITE(0, c3, c0, 0, v)
#define TLBIALL() CP15_WRITE(0, c8, c7, 0, 0)

static volatile uint32_t g_count, g_fsr, g_far, g_mode, g_spsr, g_insn;
static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint32_t l2_pages[256] __attribute__((aligned(1024)));
static uint32_t l2_vectors[256] __attribute__((aligned(1024)));
static volatile uint32_t page_a[1024] __attribute__((aligned(4096)));
static volatile uint32_t page_b[1024] __attribute__((aligned(4096)));
static volatile uint32_t big[16384 * 2] __attribute__((aligned(65536)));
static volatile uint32_t exclusive_word __attribute__((aligned(8)));
static volatile uint64_t exclusive_dword __attribute__((aligned(8)));
uint32_t recovery_sp;
static unsigned failures;

static uint32_t cpsr_mode(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, cpsr" : "=r"(v));
    return v & 0x1F;
}

void on_undefined(uint32_t lr, uint32_t spsr)
{
    g_count++;
    g_mode = cpsr_mode();
    g_spsr = spsr & 0x1F;
    g_insn = *(volatile uint32_t *)(lr - 4);
}

void on_svc(uint32_t lr, uint32_t spsr)
{
    g_count++;
    g_mode = cpsr_mode();
    g_spsr = spsr & 0x1F;
    g_insn = *(volatile uint32_t *)(lr - 4) & 0xFFFFFF;
}

void on_data_abort(uint32_t lr, uint32_t spsr)
{
    (void)lr;
    g_count++;
    g_mode = cpsr_mode();
    g_spsr = spsr & 0x1F;
    g_fsr = DFSR_READ();
    g_far = DFAR_READ();
}

void on_prefetch_abort(uint32_t lr, uint32_t spsr)
{
    g_count++;
    g_mode = cpsr_mode();
    g_spsr = spsr & 0x1F;
    g_fsr = IFSR_READ() & 0x140F; /* FS bits; [7:4] are not a domain in the IFSR */
    g_far = IFAR_READ();
    g_insn = lr;
}

static void line(const char *name, const char *k1, uint32_t v1, const char *k2, uint32_t v2, const char *k3, uint32_t v3)
{
    put_str(name);
    put_str(": ");
    put_str(k1);
    put_char('=');
    put_hex(v1);
    if (k2) {
        put_char(' ');
        put_str(k2);
        put_char('=');
        put_hex(v2);
    }
    if (k3) {
        put_char(' ');
        put_str(k3);
        put_char('=');
        put_hex(v3);
    }
    put_char('\n');
}

static void expect(int ok)
{
    failures += !ok;
}

/* ---- Exceptions with the MMU off -------------------------------------------------------------------------------- */

static void test_exceptions(void)
{
    g_count = 0;
    do_svc();
    line("svc", "count", g_count, "imm", g_insn, "mode", g_mode);
    expect(g_count == 1 && g_insn == 0x123456 && g_mode == 0x13 && g_spsr == 0x13);

    g_count = 0;
    do_udf();
    line("udf", "count", g_count, "insn", g_insn, "mode", g_mode);
    expect(g_count == 1 && g_insn == 0xe7f004f2 && g_mode == 0x1b && g_spsr == 0x13);

    g_count = 0;
    int recovered = try_call(do_bkpt);
    line("bkpt", "recovered", (uint32_t)recovered, "ifsr", g_fsr, "mode", g_mode);
    expect(recovered == 1 && g_fsr == 0x2 && g_mode == 0x17);

    /* Alignment: SCTLR.A = 1 makes an unaligned LDR a Data Abort with DFSR.FS = 0b00001 and DFAR = the address. */
    uint32_t sctlr = SCTLR_READ();
    SCTLR_WRITE(sctlr | 2);
    g_count = 0;
    uint32_t address = (uint32_t)(uintptr_t)&page_a[4] + 1;
    (void)probe_read(address);
    line("alignment", "count", g_count, "dfsr", g_fsr, "far-ok", g_far == address);
    expect(g_count == 1 && g_fsr == 0x1 && g_far == address);
    SCTLR_WRITE(sctlr);
}

/* ---- Banked registers ------------------------------------------------------------------------------------------- */

static void test_banked(void)
{
    uint32_t sp_svc, lr_svc;
    __asm__ volatile("mov %0, sp" : "=r"(sp_svc));
    __asm__ volatile("mov %0, lr" : "=r"(lr_svc));
    poke_irq_mode(0x12345678, 0x600001d3);
    uint32_t banked[3];
    read_irq_banked(banked);
    uint32_t sp_after;
    __asm__ volatile("mov %0, sp" : "=r"(sp_after));
    extern char __irq_stack_top[];
    line("banked-irq", "lr", banked[1], "spsr", banked[2], "sp-ok", banked[0] == (uint32_t)(uintptr_t)__irq_stack_top);
    line("banked-svc", "sp-kept", sp_after == sp_svc, 0, 0, 0, 0);
    expect(banked[1] == 0x12345678 && banked[2] == 0x600001d3 && sp_after == sp_svc);
}

/* ---- Short-descriptor MMU (DDI0487 G5.5) ------------------------------------------------------------------------ */

#define SECTION(pa, ap, domain, xn) (((pa) & 0xFFF00000u) | (((ap) & 4u) << 13) | (((ap) & 3u) << 10) | ((domain) << 5) | ((xn) << 4) | 0x2u)
#define NORMAL_WBWA ((1u << 12) | (1u << 3) | (1u << 2)) /* TEX=001 C=1 B=1 */
#define DEVICE (1u << 2)                                 /* TEX=000 C=0 B=1: Shareable Device */
#define PAGE_TABLE(pa, domain) (((pa) & 0xFFFFFC00u) | ((domain) << 5) | 0x1u)
#define SMALL(pa, ap, xn) (((pa) & 0xFFFFF000u) | (((ap) & 4u) << 7) | (((ap) & 3u) << 4) | (1u << 6) | (1u << 3) | (1u << 2) | 0x2u | (xn))
#define LARGE(pa, ap) (((pa) & 0xFFFF0000u) | (((ap) & 4u) << 7) | (((ap) & 3u) << 4) | (1u << 12) | (1u << 3) | (1u << 2) | 0x1u)

static uint32_t pa(volatile void *p) { return (uint32_t)(uintptr_t)p; }

static void build_tables(void)
{
    for (unsigned i = 0; i < 4096; i++) {
        l1[i] = 0;
    }
    /* Identity: RAM 0x40000000..0x40ffffff normal, PL011 page device. */
    for (unsigned mb = 0x400; mb < 0x410; mb++) {
        l1[mb] = SECTION(mb << 20, 3, 0, 0) | NORMAL_WBWA;
    }
    l1[0x090] = SECTION(0x09000000u, 3, 0, 1) | DEVICE;
    /* 0x80000000: a section onto page_a's megabyte, domain 0, full access. */
    l1[0x800] = SECTION(pa(page_a), 3, 0, 1) | NORMAL_WBWA;
    /* 0x80100000: a page table in domain 2: page 0 -> page_a, page 1 invalid, page 2 -> page_b read-only at PL1
     * (AP=101), page 3 -> page_b with AP[0] = 0 (access flag clear under AFE), pages 16..31 a large page onto big. */
    l1[0x801] = PAGE_TABLE(pa(l2_pages), 2);
    for (unsigned i = 0; i < 256; i++) {
        l2_pages[i] = 0;
    }
    l2_pages[0] = SMALL(pa(page_a), 3, 0);
    l2_pages[2] = SMALL(pa(page_b), 5, 0);
    l2_pages[3] = SMALL(pa(page_b), 2, 0);
    for (unsigned i = 16; i < 32; i++) {
        l2_pages[i] = LARGE(pa(big), 3);
    }
    /* 0x80200000: a section in domain 1. 0x80300000: nothing (translation fault). 0x80400000: execute-never. */
    l1[0x802] = SECTION(pa(page_a), 3, 1, 0) | NORMAL_WBWA;
    l1[0x804] = SECTION(0x40000000u, 3, 0, 1) | NORMAL_WBWA;
    /* 0x81000000: a supersection (16 MB, bit 18) onto RAM 0x40000000. */
    for (unsigned i = 0; i < 16; i++) {
        l1[0x810 + i] = (0x40000000u & 0xFF000000u) | (1u << 18) | (3u << 10) | NORMAL_WBWA | 0x2u;
    }
    /* 0xFFF00000: the high vectors page at 0xFFFF0000 -> the vector table. */
    for (unsigned i = 0; i < 256; i++) {
        l2_vectors[i] = 0;
    }
    l2_vectors[0xF0] = SMALL(pa(vectors), 3, 0);
    l1[0xFFF] = PAGE_TABLE(pa(l2_vectors), 0);
}

static void mmu_on(void)
{
    build_tables();
    __asm__ volatile("dsb" : : : "memory");
    CP15_WRITE(0, c2, c0, 2, 0);                      /* TTBCR: N = 0, EAE = 0 */
    CP15_WRITE(0, c2, c0, 0, pa(l1) | 0x4A);          /* TTBR0: table, IRGN/RGN write-back */
    DACR_WRITE(0x55555555);                           /* every domain client */
    TLBIALL();
    SCTLR_WRITE((SCTLR_READ() | 1 | (1u << 2) | (1u << 12)) & ~(1u << 28 | 1u << 29 | 1u << 13));
}

static void fault_line(const char *name, uint32_t count, uint32_t fsr, uint32_t far_ok)
{
    line(name, "count", count, "fsr", fsr, "far-ok", far_ok);
}

static void test_mmu(void)
{
    mmu_on();
    line("mmu", "on", SCTLR_READ() & 1, 0, 0, 0, 0);

    /* An unaligned LDR to Normal memory with SCTLR.A = 0 is performed (with the MMU off data is Strongly-ordered,
     * where Armv8 takes an Alignment fault and ARMv7 leaves it UNPREDICTABLE, so it is only tested here). */
    g_count = 0;
    page_a[4] = 0x44332211;
    page_a[5] = 0x88776655;
    uint32_t unaligned = probe_read((uint32_t)(uintptr_t)&page_a[4] + 1);
    line("unaligned", "count", g_count, "value", unaligned, 0, 0);
    expect(g_count == 0 && unaligned == 0x55443322);

    page_a[0] = 0xA5A5A5A5;
    page_a[7] = 0x1234;
    page_b[1] = 0xB0B0B0B0;
    line("section", "read", probe_read(0x80000000u + (pa(page_a) & 0xFFFFF)), "read7", probe_read(0x80000000u + (pa(&page_a[7]) & 0xFFFFF)), 0, 0);
    line("small-page", "read", probe_read(0x80100000u), 0, 0, 0, 0);
    line("large-page", "read", (big[5] = 0x5A5A, probe_read(0x80110000u + 0x14)), "alias", probe_read(0x8011F000u + 0x14 - 0xF000), 0, 0);
    big[0x2000 + 3] = 0x77;
    line("large-page-hi", "read", probe_read(0x80110000u + 0x800C), 0, 0, 0, 0);
    line("supersection", "read", probe_read(0x81000000u + (pa(page_a) - 0x40000000u)), 0, 0, 0, 0);

    /* Translation faults: first level (section entry 0) and second level (page 1 of the table). */
    g_count = 0;
    (void)probe_read(0x80300010u);
    fault_line("translation-l1", g_count, g_fsr, g_far == 0x80300010u);
    g_count = 0;
    (void)probe_read(0x80101004u);
    fault_line("translation-l2", g_count, g_fsr, g_far == 0x80101004u);
    g_count = 0;
    probe_write(0x80300020u, 1);
    fault_line("translation-write", g_count, g_fsr, g_far == 0x80300020u);

    /* Domains: domain 1 no access -> domain fault (section); domain 2 no access -> domain fault (page). */
    DACR_WRITE(0x55555551);
    TLBIALL();
    g_count = 0;
    (void)probe_read(0x80200000u);
    fault_line("domain-section", g_count, g_fsr, g_far == 0x80200000u);
    DACR_WRITE(0x55555545);
    TLBIALL();
    g_count = 0;
    (void)probe_read(0x80100008u);
    fault_line("domain-page", g_count, g_fsr, g_far == 0x80100008u);

    /* Permissions: page 2 is read-only at PL1 (AP=101): the read works, the write takes a permission fault; with
     * domain 2 as manager the write is not checked. */
    DACR_WRITE(0x55555555);
    TLBIALL();
    g_count = 0;
    uint32_t ro = probe_read(0x80102004u);
    probe_write(0x80102004u, 0x99);
    fault_line("permission", g_count, g_fsr, g_far == 0x80102004u);
    line("permission-read", "value", ro, 0, 0, 0, 0);
    DACR_WRITE(0x55555575);
    TLBIALL();
    g_count = 0;
    probe_write(0x80102004u, 0x99);
    line("manager", "count", g_count, "value", page_b[1], 0, 0);
    page_b[1] = 0xB0B0B0B0;
    DACR_WRITE(0x55555555);
    TLBIALL();

    /* The access flag (SCTLR.AFE): page 3 has AP[0] = 0. */
    SCTLR_WRITE(SCTLR_READ() | (1u << 29));
    TLBIALL();
    g_count = 0;
    (void)probe_read(0x80103004u);
    fault_line("access-flag", g_count, g_fsr, g_far == 0x80103004u);
    SCTLR_WRITE(SCTLR_READ() & ~(1u << 29));
    TLBIALL();

    /* Prefetch aborts: execute from an unmapped VA and from an execute-never section. */
    g_count = 0;
    int recovered = try_call((void (*)(void))0x80300000u);
    line("prefetch-translation", "recovered", (uint32_t)recovered, "ifsr", g_fsr, "ifar-ok", g_far == 0x80300000u);
    g_count = 0;
    recovered = try_call((void (*)(void))(0x80400000u + ((uint32_t)(uintptr_t)do_svc - 0x40000000u)));
    line("prefetch-xn", "recovered", (uint32_t)recovered, "ifsr", g_fsr, "mode", g_mode);

    /* High vectors: SCTLR.V = 1 takes the SVC through 0xFFFF0008. */
    SCTLR_WRITE(SCTLR_READ() | (1u << 13));
    g_count = 0;
    do_svc();
    line("high-vectors", "count", g_count, "imm", g_insn, 0, 0);
    SCTLR_WRITE(SCTLR_READ() & ~(1u << 13));
}

/* ---- Exclusives ------------------------------------------------------------------------------------------------- */

static uint32_t strex(volatile uint32_t *p, uint32_t v)
{
    uint32_t status;
    __asm__ volatile("strex %0, %2, [%1]" : "=&r"(status) : "r"(p), "r"(v) : "memory");
    return status;
}

static uint32_t ldrex(volatile uint32_t *p)
{
    uint32_t v;
    __asm__ volatile("ldrex %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static void test_exclusives(void)
{
    exclusive_word = 5;
    __asm__ volatile("clrex" : : : "memory");
    uint32_t cold = strex(&exclusive_word, 6);
    uint32_t loaded = ldrex(&exclusive_word);
    uint32_t ok = strex(&exclusive_word, loaded + 10);
    uint32_t again = strex(&exclusive_word, 99);
    (void)ldrex(&exclusive_word);
    __asm__ volatile("clrex" : : : "memory");
    uint32_t cleared = strex(&exclusive_word, 98);
    line("exclusive", "cold", cold, "ok", ok, "value", exclusive_word);
    line("exclusive-after", "again", again, "cleared", cleared, 0, 0);

    uint32_t lo, hi, st;
    exclusive_dword = 0x1111222233334444ull;
    __asm__ volatile("ldrexd %0, %H0, [%1]" : "=&r"(*(uint64_t *)&(uint64_t){0}) : "r"(&exclusive_dword) : "memory");
    __asm__ volatile("ldrexd r4, r5, [%3]\n mov %0, r4\n mov %1, r5\n add r4, r4, #1\n strexd %2, r4, r5, [%3]"
                     : "=&r"(lo), "=&r"(hi), "=&r"(st) : "r"(&exclusive_dword) : "r4", "r5", "memory");
    line("exclusive-d", "lo", lo, "hi", hi, "status", st);
    line("exclusive-d-value", "lo", (uint32_t)exclusive_dword, 0, 0, 0, 0);

    volatile uint8_t byte = 7;
    uint32_t b, bs;
    __asm__ volatile("ldrexb %0, [%2]\n add %0, %0, #1\n strexb %1, %0, [%2]" : "=&r"(b), "=&r"(bs) : "r"(&byte) : "memory");
    line("exclusive-b", "value", byte, "status", bs, 0, 0);
}

/* ---- Integer results: a checksum over shifts, flags, multiplies ---------------------------------------------------- */

static uint32_t mix(uint32_t h, uint32_t v) { return (h ^ v) * 0x01000193u; }

static void test_integer(void)
{
    uint32_t h = 0x811C9DC5u;
    static const uint32_t values[] = { 0, 1, 2, 31, 32, 33, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x12345678, 0xF0F0F0F0, 255, 256 };
    const unsigned n = sizeof values / sizeof values[0];
    for (unsigned i = 0; i < n; i++) {
        for (unsigned j = 0; j < n; j++) {
            uint32_t a = values[i], b = values[j], r, flags, lo, hi;
            __asm__ volatile("lsls %0, %2, %3\n mrs %1, apsr" : "=&r"(r), "=r"(flags) : "r"(a), "r"(b) : "cc");
            h = mix(mix(h, r), flags >> 28);
            __asm__ volatile("lsrs %0, %2, %3\n mrs %1, apsr" : "=&r"(r), "=r"(flags) : "r"(a), "r"(b) : "cc");
            h = mix(mix(h, r), flags >> 28);
            __asm__ volatile("asrs %0, %2, %3\n mrs %1, apsr" : "=&r"(r), "=r"(flags) : "r"(a), "r"(b) : "cc");
            h = mix(mix(h, r), flags >> 28);
            __asm__ volatile("rors %0, %2, %3\n mrs %1, apsr" : "=&r"(r), "=r"(flags) : "r"(a), "r"(b) : "cc");
            h = mix(mix(h, r), flags >> 28);
            __asm__ volatile("adds %0, %2, %3\n mrs %1, apsr" : "=&r"(r), "=r"(flags) : "r"(a), "r"(b) : "cc");
            h = mix(mix(h, r), flags >> 28);
            __asm__ volatile("subs %0, %2, %3\n sbcs %0, %0, %2\n rscs %0, %0, %3\n mrs %1, apsr" : "=&r"(r), "=r"(flags) : "r"(a), "r"(b) : "cc");
            h = mix(mix(h, r), flags >> 28);
            __asm__ volatile("umull %0, %1, %2, %3" : "=&r"(lo), "=&r"(hi) : "r"(a), "r"(b));
            h = mix(mix(h, lo), hi);
            __asm__ volatile("smull %0, %1, %2, %3" : "=&r"(lo), "=&r"(hi) : "r"(a), "r"(b));
            h = mix(mix(h, lo), hi);
            lo = a; hi = b;
            __asm__ volatile("smlal %0, %1, %2, %3" : "+&r"(lo), "+&r"(hi) : "r"(a), "r"(b));
            h = mix(mix(h, lo), hi);
            __asm__ volatile("smulbt %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
            h = mix(h, r);
            __asm__ volatile("qadd %0, %1, %2\n mrs %1, apsr\n msr apsr_nzcvq, %3" : "=&r"(r), "+r"(flags) : "r"(b), "r"(0) : "cc");
            h = mix(mix(h, r), flags >> 27);
            __asm__ volatile("ssat %0, #9, %1, lsl #3" : "=r"(r) : "r"(a) : "cc");
            h = mix(h, r);
            __asm__ volatile("usat %0, #7, %1, asr #2" : "=r"(r) : "r"(a) : "cc");
            h = mix(h, r);
            __asm__ volatile("msr apsr_nzcvq, %0" : : "r"(0) : "cc");
            if (b != 0) {
                h = mix(mix(h, a / b), (uint32_t)((int32_t)a / (int32_t)b));
            }
            __asm__ volatile("clz %0, %1\n rev %0, %0\n rbit %0, %0" : "=&r"(r) : "r"(a ^ b));
            h = mix(h, r);
            __asm__ volatile("uxtab %0, %1, %2, ror #8\n sxtah %0, %0, %2, ror #16" : "=&r"(r) : "r"(a), "r"(b));
            h = mix(h, r);
            r = a;
            __asm__ volatile("bfi %0, %1, #5, #9\n ubfx %1, %0, #3, #20" : "+&r"(r), "+&r"(b));
            h = mix(mix(h, r), b);
        }
    }
    line("integer", "checksum", h, 0, 0, 0, 0);
}

/* ---- Generic timer through its AArch32 encodings (CNTFRQ, CNTVCT/CNTPCT by MRRC, CNTV_* by MCR/MCRR) ------------- */

static uint64_t read_cntvct(void)
{
    uint32_t lo, hi;
    __asm__ volatile("isb\n mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static void test_timer(void)
{
    uint32_t frequency = CP15_READ(0, c14, c0, 0);
    uint64_t t0 = read_cntvct();
    uint64_t t1 = read_cntvct();
    /* CVAL by MCRR reads back; CTL ENABLE with IMASK; a TVAL of 1000 ticks asserts ISTATUS once it has elapsed
     * (TVAL is signed: it may already be negative when read back). */
    uint64_t cval = t1 + (1ull << 40);
    __asm__ volatile("mcrr p15, 3, %0, %1, c14\n isb" : : "r"((uint32_t)cval), "r"((uint32_t)(cval >> 32)));
    uint32_t lo, hi;
    __asm__ volatile("mrrc p15, 3, %0, %1, c14" : "=r"(lo), "=r"(hi));
    CP15_WRITE(0, c14, c3, 1, 3);          /* CNTV_CTL: ENABLE | IMASK */
    uint32_t pending_far = CP15_READ(0, c14, c3, 1) & 4;
    CP15_WRITE(0, c14, c3, 0, 1000);       /* CNTV_TVAL */
    uint32_t tval = CP15_READ(0, c14, c3, 0);
    unsigned spins = 0;
    while (!(CP15_READ(0, c14, c3, 1) & 4) && spins < 100000000u) {
        spins++;
    }
    uint32_t fired = (CP15_READ(0, c14, c3, 1) & 4) != 0;
    CP15_WRITE(0, c14, c3, 1, 0);
    line("timer", "frequency-set", frequency != 0, "counts-up", t1 >= t0, "cval-readback", lo == (uint32_t)cval && hi == (uint32_t)(cval >> 32));
    line("timer-fires", "before", pending_far, "tval-ok", (int32_t)tval <= 1000, "istatus", fired);
    expect(frequency != 0 && t1 >= t0 && fired && !pending_far && (int32_t)tval <= 1000);
}

int main(void)
{
    test_exceptions();
    test_banked();
    test_integer();
    test_mmu();
    test_exclusives();
    test_timer();
    put_str("GUESTKIT-END systest32 failures=");
    put_dec(failures);
    put_str("\n");
    return 0;
}
