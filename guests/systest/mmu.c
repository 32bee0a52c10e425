/*
 * Stage-1 translation and fault codes (VMSAv8-64, 4K granule, DDI0487 D8): a level-2/level-3 table under VA
 * 0x80000000 with pages that are valid, invalid, AF=0, read-only, PXN and UXN; faults at levels 0-3 with their
 * DFSC/IFSC and FAR; and TLBI VAE1 making a changed descriptor visible.
 */
#include "systest.h"

#define PAGE 4096UL
#define TABLE 0x3UL
#define PAGE_DESC 0x3UL
#define AF (1UL << 10)
#define SH_INNER (3UL << 8)
#define ATTR_NORMAL (1UL << 2)
#define AP_EL0_RW (1UL << 6)
#define AP_RO (2UL << 6)
#define PXN (1UL << 53)
#define UXN (1UL << 54)
#define VA_BASE 0x80000000UL
#define ESR_IL (1UL << 25)
#define DABT_SAME (0x25UL << 26 | ESR_IL)
#define IABT_SAME (0x21UL << 26 | ESR_IL)
#define IABT_LOWER (0x20UL << 26 | ESR_IL)
#define WNR (1UL << 6)

static uint8_t pages[8][PAGE] __attribute__((aligned(4096)));
static uint8_t el0_stack[256] __attribute__((aligned(16)));

static uint64_t *l1(void) { return mmu_tables(); }
static uint64_t *l2(void) { return mmu_tables() + 512; }
static uint64_t *l3(void) { return mmu_tables() + 1024; }

static uint64_t page_desc(int i, uint64_t attrs)
{
    return (uint64_t)pages[i] | PAGE_DESC | SH_INNER | ATTR_NORMAL | attrs;
}

static void tlbi_va(uint64_t va)
{
    __asm__ volatile("dsb ishst\n tlbi vae1, %0\n dsb ish\n isb" : : "r"(va >> 12) : "memory");
}

static uint64_t load(uint64_t va)
{
    uint64_t v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(va) : "memory");
    return v;
}

static void store(uint64_t va, uint64_t v)
{
    __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(va) : "memory");
}

static void build(void)
{
    mmu_enable_identity();
    memset(l2(), 0, PAGE);
    memset(l3(), 0, PAGE);
    l1()[2] = (uint64_t)l2() | TABLE;
    l2()[0] = (uint64_t)l3() | TABLE;
    l3()[0] = page_desc(0, AF);
    /* l3[1] invalid */
    l3()[2] = page_desc(2, 0);
    l3()[3] = page_desc(3, AF | AP_RO);
    l3()[4] = page_desc(4, AF | PXN);
    l3()[5] = page_desc(5, AF | AP_EL0_RW | UXN);
    l3()[6] = page_desc(6, AF | AP_EL0_RW);
    l3()[7] = page_desc(7, AF);
    /* Code pages: RET at EL1 (PXN page), SVC #3 (UXN page), SVC #0xFFFF (EL0 page). */
    ((uint32_t *)pages[4])[0] = 0xD65F03C0;
    ((uint32_t *)pages[5])[0] = 0xD4000061;
    ((uint32_t *)pages[6])[0] = 0xD41FFFE1;
    __asm__ volatile("dsb ish\n tlbi vmalle1\n ic iallu\n dsb ish\n isb" : : : "memory");
}

static void test_data_faults(void)
{
    ((volatile uint64_t *)pages[0])[1] = 0xA5A5A5A5A5A5A5A5UL;
    expect_exception();
    check("valid.read", load(VA_BASE + 8), 0xA5A5A5A5A5A5A5A5UL);
    store(VA_BASE + 16, 0x1234);
    check("valid.write_seen_by_pa", ((volatile uint64_t *)pages[0])[2], 0x1234);
    check("valid.exceptions", last.count, 0);

    static const struct { const char *name; uint64_t va; uint64_t esr; } reads[] = {
        { "l3_translation", VA_BASE + 1 * PAGE + 0x18, DABT_SAME | 0x07 },
        { "l3_access_flag", VA_BASE + 2 * PAGE + 0x20, DABT_SAME | 0x0B },
        { "l2_translation", VA_BASE + 0x200000 + 0x28, DABT_SAME | 0x06 },
        { "l1_translation", 0xC0000000UL + 0x30, DABT_SAME | 0x05 },
        { "l0_out_of_range", 0x8000000000UL + 0x38, DABT_SAME | 0x04 },
    };
    for (unsigned i = 0; i < sizeof reads / sizeof reads[0]; i++) {
        expect_exception();
        (void)load(reads[i].va);
        printf("%s ", reads[i].name);
        check("esr", last.esr, reads[i].esr);
        printf("%s ", reads[i].name);
        check("far", last.far, reads[i].va);
    }

    expect_exception();
    ((volatile uint64_t *)pages[3])[0] = 77;
    check("read_only.read", load(VA_BASE + 3 * PAGE), 77);
    check("read_only.read_exceptions", last.count, 0);
    store(VA_BASE + 3 * PAGE + 8, 5);
    check("read_only.write.esr", last.esr, DABT_SAME | WNR | 0x0F);
    check("read_only.write.far", last.far, VA_BASE + 3 * PAGE + 8);

    /* Setting AF and invalidating the entry makes the page usable (no hardware AF update: HAFDBS = 0). */
    ((volatile uint64_t *)pages[2])[4] = 99;
    l3()[2] |= AF;
    tlbi_va(VA_BASE + 2 * PAGE);
    expect_exception();
    check("access_flag_set.read", load(VA_BASE + 2 * PAGE + 0x20), 99);
    check("access_flag_set.exceptions", last.count, 0);
}

static void test_execute(void)
{
    void (*pxn_code)(void) = (void (*)(void))(VA_BASE + 4 * PAGE);
    expect_exception();
    resume_mode = RESUME_X30;
    pxn_code();
    check("pxn.esr", last.esr, IABT_SAME | 0x0F);
    check("pxn.elr", last.elr, VA_BASE + 4 * PAGE);
    check("pxn.far", last.far, VA_BASE + 4 * PAGE);

    expect_exception();
    run_at_el0((void (*)(void))(VA_BASE + 6 * PAGE), el0_stack + sizeof el0_stack);
    check("el0_exec.exceptions", last.count, 0);

    expect_exception();
    resume_mode = RESUME_AT;
    resume_at = VA_BASE + 6 * PAGE;
    resume_spsr = 0;
    run_at_el0((void (*)(void))(VA_BASE + 5 * PAGE), el0_stack + sizeof el0_stack);
    check("uxn.esr", last.esr, IABT_LOWER | 0x0F);
    check("uxn.far", last.far, VA_BASE + 5 * PAGE);
    check("uxn.vector", (uint64_t)last.vector, 8);
}

static void test_tlbi(void)
{
    ((volatile uint64_t *)pages[7])[0] = 0x7777;
    ((volatile uint64_t *)pages[0])[0] = 0x0000;
    expect_exception();
    check("remap.before", load(VA_BASE + 7 * PAGE), 0x7777);
    l3()[7] = page_desc(0, AF);
    tlbi_va(VA_BASE + 7 * PAGE);
    check("remap.after_tlbi", load(VA_BASE + 7 * PAGE), 0x0000);
    l3()[7] = 0;
    tlbi_va(VA_BASE + 7 * PAGE);
    (void)load(VA_BASE + 7 * PAGE);
    check("unmap.after_tlbi.esr", last.esr, DABT_SAME | 0x07);
}

int main(void)
{
    build();
    test_data_faults();
    test_execute();
    test_tlbi();
    mmu_disable();
    return finish("mmu");
}
