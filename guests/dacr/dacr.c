/*
 * dacr: an ARMv7-A guest for the DACR virtualization (patents.md §6(e)). The same lines on qemu-system-arm -M virt
 * -cpu cortex-a15 and on Armvisor with --dacr-virtualization off, shadow, swizzle, domain-track or flush; the counters
 * of each mode are asserted by tests/Armvisor.Integration.Tests/GuestKit/DacrGuestTests.cs, one scenario at a time
 * ("dacr-scenario=N" in the bootargs; 0 runs the setup alone, for the baseline).
 *
 * Layout (short descriptors, TTBCR.N = 0): RAM 0x40000000..0x41ffffff identity in domain 0 (the tables are in it, so
 * a shadowing hypervisor splits that section to write-protect them), the PL011 section, and in domain 3:
 *   0x80000000  page table: page 0 -> page_x AP=010 (PL1 RW, PL0 RO), page 1 -> page_y AP=001 (PL1 RW, PL0 none)
 *   0x80100000  section AP=010 onto 0x40800000;  0x80200000  section AP=011 onto 0x40900000
 * and for "untouched" checks a domain-4 section at 0x80300000 (onto 0x40a00000) and a domain-5 page table at
 * 0x80400000 (page 0 -> page_z AP=011). Everything from 0x60000000 up is mapped flat for the isolation scan.
 */
#include <stdint.h>

#include "rt32.h"

uint32_t user_call(uint32_t (*fn)(uint32_t), uint32_t arg);
uint32_t probe_read(uint32_t address);
uint32_t probe_write(uint32_t address, uint32_t value);
uint32_t probe_read_t(uint32_t address);

#define CP15_READ(op1, crn, crm, op2) ({ uint32_t v_; __asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v_)); v_; })
#define CP15_WRITE(op1, crn, crm, op2, v) __asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 "\n isb" : : "r"((uint32_t)(v)) : "memory")
#define SCTLR_READ() CP15_READ(0, c1, c0, 0)
#define SCTLR_WRITE(v) CP15_WRITE(0, c1, c0, 0, v)
#define DACR_READ() CP15_READ(0, c3, c0, 0)
#define DACR_WRITE(v) CP15_WRITE(0, c3, c0, 0, v)
#define DFSR_READ() CP15_READ(0, c5, c0, 0)
#define DFAR_READ() CP15_READ(0, c6, c0, 0)
#define TLBIALL() CP15_WRITE(0, c8, c7, 0, 0)

#define SECTION(pa, ap, domain, xn) (((pa) & 0xFFF00000u) | (((ap) & 4u) << 13) | (((ap) & 3u) << 10) | ((domain) << 5) | ((xn) << 4) | 0x2u)
#define NORMAL_WBWA ((1u << 12) | (1u << 3) | (1u << 2)) /* TEX=001 C=1 B=1 */
#define DEVICE (1u << 2)                                 /* TEX=000 C=0 B=1 */
#define PAGE_TABLE(pa, domain) (((pa) & 0xFFFFFC00u) | ((domain) << 5) | 0x1u)
#define SMALL(pa, ap, xn) (((pa) & 0xFFFFF000u) | (((ap) & 4u) << 7) | (((ap) & 3u) << 4) | (1u << 6) | (1u << 3) | (1u << 2) | 0x2u | (xn))

/* DACR values: domain 0 (code, data, UART) and 4/5 Client; domain 3 as the test needs. */
#define DACR_BASE 0x00000501u /* D0 = D4 = D5 = Client */
#define D3(type) (DACR_BASE | ((type) << 6))
#define CLIENT 1u
#define MANAGER 3u
#define NOACCESS 0u

#define VA_X 0x80000000u
#define VA_Y 0x80001000u
#define VA_S1 0x80100000u
#define VA_S2 0x80200000u
#define VA_D4 0x80300000u
#define VA_Z 0x80400000u

uint32_t boot_dtb __attribute__((section(".data"))) = 0;
uint32_t user_return_sp;
static volatile uint32_t g_count, g_fsr, g_far;
static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint32_t l2_test[1024] __attribute__((aligned(4096)));  /* 256 entries used; a page of its own */
static uint32_t l2_other[1024] __attribute__((aligned(4096)));
static volatile uint32_t page_x[1024] __attribute__((aligned(4096)));
static volatile uint32_t page_y[1024] __attribute__((aligned(4096)));
static volatile uint32_t page_z[1024] __attribute__((aligned(4096)));
static unsigned failures;

void on_data_abort(uint32_t unused, uint32_t spsr)
{
    (void)unused;
    (void)spsr;
    g_count++;
    g_fsr = DFSR_READ();
    g_far = DFAR_READ();
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

static void expect(int ok, const char *what)
{
    if (!ok) {
        failures++;
        put_str("FAILED: ");
        put_str(what);
        put_char('\n');
    }
}

static uint32_t pa(volatile void *p) { return (uint32_t)(uintptr_t)p; }

/* User-mode bodies for user_call. */
static uint32_t user_read(uint32_t va) { return probe_read(va); }
static uint32_t user_write(uint32_t va) { return probe_write(va, 0x5EC0DE00u | (va & 0xFF)); }

/* One access with the abort state cleared; returns the DFSR (0 when it did not abort). */
static uint32_t fault_of(uint32_t (*fn)(uint32_t), uint32_t va, int user)
{
    g_count = 0;
    g_fsr = 0;
    if (user) {
        (void)user_call(fn, va);
    } else {
        (void)fn(va);
    }
    expect(g_count == 0 || g_far == va, "DFAR is the faulting address");
    return g_count ? g_fsr : 0;
}

/* A DACR write needs only the ISB (the domain is checked at each access, DDI0406C B3.12.3): no TLB maintenance, so
 * the shadows a hypervisor keeps survive it and only the DACR strategy acts. */
static void dacr(uint32_t value)
{
    DACR_WRITE(value);
}

static void build_tables(void)
{
    for (unsigned i = 0; i < 4096; i++) {
        l1[i] = 0;
    }
    for (unsigned mb = 0x400; mb < 0x420; mb++) {
        l1[mb] = SECTION(mb << 20, 3, 0, 0) | NORMAL_WBWA;
    }
    l1[0x090] = SECTION(0x09000000u, 3, 0, 1) | DEVICE;
    for (unsigned mb = 0x600; mb < 0x1000; mb++) {
        l1[mb] = SECTION(mb << 20, 3, 0, 1); /* Strongly-ordered, execute-never: the isolation scan */
    }
    for (unsigned i = 0; i < 256; i++) {
        l2_test[i] = 0;
        l2_other[i] = 0;
    }
    l2_test[0] = SMALL(pa(page_x), 2, 0);
    l2_test[1] = SMALL(pa(page_y), 1, 0);
    l1[VA_X >> 20] = PAGE_TABLE(pa(l2_test), 3);
    l1[VA_S1 >> 20] = SECTION(0x40800000u, 2, 3, 0) | NORMAL_WBWA;
    l1[VA_S2 >> 20] = SECTION(0x40900000u, 3, 3, 0) | NORMAL_WBWA;
    l1[VA_D4 >> 20] = SECTION(0x40A00000u, 3, 4, 0) | NORMAL_WBWA;
    l2_other[0] = SMALL(pa(page_z), 3, 0);
    l1[VA_Z >> 20] = PAGE_TABLE(pa(l2_other), 5);
}

static void mmu_on(void)
{
    build_tables();
    __asm__ volatile("dsb" : : : "memory");
    CP15_WRITE(0, c2, c0, 2, 0);              /* TTBCR: N = 0, EAE = 0 */
    CP15_WRITE(0, c2, c0, 0, pa(l1) | 0x4A);  /* TTBR0 */
    dacr(D3(CLIENT));
    TLBIALL();
    SCTLR_WRITE((SCTLR_READ() | 1 | (1u << 2) | (1u << 12)) & ~(1u << 28 | 1u << 29 | 1u << 13));
    page_x[0] = 0x11111111;
    page_y[0] = 0x22222222;
    page_z[0] = 0x33333333;
    *(volatile uint32_t *)0x40800000u = 0x44444444;
    *(volatile uint32_t *)0x40900000u = 0x55555555;
    *(volatile uint32_t *)0x40A00000u = 0x66666666;
    line("mmu", "on", SCTLR_READ() & 1, "dacr", DACR_READ(), 0, 0);
}

/* §6(e) 1: Client semantics. Domain 3 Client, page_x AP=010: a user read works, a user write takes a permission
 * fault (DFSR FS 0b01111, domain 3, WnR: 0x83f) at the right DFAR, a privileged write works. */
static void test_client(void)
{
    uint32_t read = user_call(user_read, VA_X);
    uint32_t fsr = fault_of(user_write, VA_X + 4, 1);
    uint32_t priv = fault_of(user_write, VA_X + 8, 0);
    line("client", "user-read", read, "user-write-dfsr", fsr, "priv-write-dfsr", priv);
    expect(read == 0x11111111 && fsr == 0x83f && priv == 0 && page_x[2] == 0x5EC0DE08, "client semantics");
}

/* §6(e) 2: Manager through L1 iterate + L2 drop. Shadows exist for the domain-3 page table (both modes), two
 * domain-3 sections (privileged) and one (user), a domain-4 section and a domain-5 page table; then D3 = Manager:
 * the user write to page_x succeeds without any page-table change, and so do later ones (D3 stays Manager). */
static void test_manager(void)
{
    (void)user_call(user_read, VA_X);
    (void)probe_write(VA_X + 12, 0x5EC0DE0C);
    (void)probe_read(VA_S1);
    (void)probe_read(VA_S2);
    (void)user_call(user_read, VA_S1);
    (void)probe_read(VA_D4);
    (void)probe_read(VA_Z);
    (void)user_call(user_read, VA_Z);
    dacr(D3(MANAGER));
    uint32_t first = fault_of(user_write, VA_X + 16, 1);
    uint32_t later = 0;
    for (uint32_t i = 0; i < 8; i++) {
        later |= fault_of(user_write, VA_X + 20 + 4 * i, 1);
        later |= fault_of(user_write, VA_Y + 4 * i, 1); /* AP=001 page: Manager ignores it too */
    }
    uint32_t other = probe_read(VA_D4) ^ 0x66666666u;
    other |= probe_read(VA_Z) ^ 0x33333333u;
    line("manager", "first-dfsr", first, "later-dfsr", later, "value", page_x[4]);
    line("manager-other-domains", "differ", other, 0, 0, 0, 0);
    expect(first == 0 && later == 0 && page_x[4] == 0x5EC0DE10 && page_y[7] == 0x5EC0DE1C && other == 0, "manager");
}

/* §6(e) 3: No access. D3 = NoAccess: domain faults with domain 3 (section 0x039, page 0x03b, WnR for writes);
 * back to Client restores test 1's behaviour. */
static void test_noaccess(void)
{
    dacr(D3(NOACCESS));
    uint32_t page = fault_of(user_read, VA_X, 0);
    uint32_t section = fault_of(user_read, VA_S2, 0);
    uint32_t user_page = fault_of(user_write, VA_X, 1);
    uint32_t user_section = fault_of(user_read, VA_S1, 1);
    line("noaccess", "page-dfsr", page, "section-dfsr", section, 0, 0);
    line("noaccess-user", "page-write-dfsr", user_page, "section-dfsr", user_section, 0, 0);
    expect(page == 0x03b && section == 0x039 && user_page == 0x83b && user_section == 0x039, "no access");
    dacr(D3(CLIENT));
    uint32_t read = user_call(user_read, VA_X);
    uint32_t fsr = fault_of(user_write, VA_X + 4, 1);
    line("noaccess-restored", "user-read", read, "user-write-dfsr", fsr, 0, 0);
    expect(read == 0x11111111 && fsr == 0x83f, "client restored");
}

/* §6(e) 4: isolation. All-Manager DACR; every 4 KiB of 0x60000000..0x603fffff (past the 512 MiB of RAM, where a
 * hypervisor may keep its memory) and of the 1 MiB at 0xffb00000, and the first word of every other MiB from
 * 0x60400000 up (but the guest's own test mappings at 0x80000000..0x804fffff) are read and written: none of it is
 * memory the guest can reach. */
static void test_isolation(void)
{
    dacr(0xFFFFFFFFu);
    uint32_t reads = 0, writes = 0, probes = 0;
    for (uint32_t va = 0x60000000u; va != 0; va += (va < 0x60400000u || (va >> 20) == 0xFFB) ? 0x1000u : 0x100000u) {
        if ((va >> 20) >= (VA_X >> 20) && (va >> 20) <= (VA_Z >> 20)) {
            continue; /* the test mappings above, the guest's own memory */
        }
        g_count = 0;
        (void)probe_read(va);
        reads += g_count == 0;
        g_count = 0;
        (void)probe_write(va, 0xBAD0BAD0u);
        writes += g_count == 0;
        probes++;
    }
    dacr(D3(CLIENT));
    line("isolation", "probes", probes, "reads-ok", reads, "writes-ok", writes);
    expect(reads == 0 && writes == 0, "isolation");
}

/* §6(e) 5: mode-specific shadows. page_y AP=001: a privileged write works; in User mode a read takes a permission
 * fault (0x03f); LDRT from SVC mode is checked with User permissions too. */
static void test_modes(void)
{
    uint32_t priv = fault_of(user_write, VA_Y + 8, 0);
    uint32_t user = fault_of(user_read, VA_Y + 8, 1);
    uint32_t ldrt = fault_of(probe_read_t, VA_Y + 8, 0);
    uint32_t again = fault_of(user_read, VA_Y + 8, 0);
    line("modes", "priv-write-dfsr", priv, "user-read-dfsr", user, "ldrt-dfsr", ldrt);
    line("modes-priv-again", "read-dfsr", again, "value", page_y[2], 0, 0);
    expect(priv == 0 && user == 0x03f && ldrt == 0x03f && again == 0 && page_y[2] == 0x5EC0DE08, "mode-specific");
}

/* §6(e) 6: repopulate uses the current DACR. With the shadow of page_x built (Client), D3 = Manager then Client
 * before touching it: the user write still faults (Client semantics, no stale Manager), the read works. */
static void test_current_dacr(void)
{
    (void)user_call(user_read, VA_X);
    DACR_WRITE(D3(MANAGER));
    DACR_WRITE(D3(CLIENT));
    uint32_t fsr = fault_of(user_write, VA_X + 24, 1);
    uint32_t read = user_call(user_read, VA_X);
    uint32_t again = fault_of(user_write, VA_X + 24, 1);
    line("current-dacr", "user-write-dfsr", fsr, "user-read", read, "write-again-dfsr", again);
    expect(fsr == 0x83f && read == 0x11111111 && again == 0x83f, "repopulate with the current DACR");
}

/* Guest writes to its own tables while their shadows exist: an invalid entry made valid (no TLB maintenance is
 * needed for that, DDI0487 G5.10) and an AP change followed by TLBIMVA. A shadowing hypervisor write-protects the
 * table, emulates both stores and drops the shadows derived from them. */
static void test_table_writes(void)
{
    (void)user_call(user_read, VA_X);
    uint32_t before = fault_of(user_read, VA_X + 0x2000, 1);
    l2_test[2] = SMALL(pa(page_z), 3, 0);
    __asm__ volatile("dsb\n isb" : : : "memory");
    uint32_t read = user_call(user_read, VA_X + 0x2000);
    l2_test[0] = SMALL(pa(page_x), 3, 0);
    __asm__ volatile("dsb" : : : "memory");
    CP15_WRITE(0, c8, c7, 1, VA_X); /* TLBIMVA */
    uint32_t write = fault_of(user_write, VA_X + 28, 1);
    line("table-writes", "before-dfsr", before, "new-page-read", read, "user-write-dfsr", write);
    expect(before == 0x037 && read == 0x33333333 && write == 0 && page_x[7] == 0x5EC0DE1C, "table writes");
    l2_test[0] = SMALL(pa(page_x), 2, 0);
    l2_test[2] = 0;
    __asm__ volatile("dsb" : : : "memory");
    TLBIALL();
}

/* The benchmark's uaccess loop: CONFIG_CPU_SW_DOMAIN_PAN style, the user domain (3) opened and closed around each
 * access from the kernel (2 DACR writes per access). */
static void uaccess_loop(uint32_t iterations)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < iterations; i++) {
        DACR_WRITE(D3(CLIENT));
        sum += probe_read(VA_X + ((i & 63) << 2));
        DACR_WRITE(D3(NOACCESS));
    }
    dacr(D3(CLIENT));
    line("uaccess", "iterations", iterations, "sum", sum, 0, 0);
}

/* "dacr-scenario=N" in the DTB's bootargs, or -1 (all). */
static int scenario(void)
{
    const uint8_t *dtb = (const uint8_t *)(uintptr_t)boot_dtb;
    if (boot_dtb < 0x40000000u || boot_dtb >= 0x60000000u || dtb[0] != 0xd0 || dtb[1] != 0x0d || dtb[2] != 0xfe || dtb[3] != 0xed) {
        return -1;
    }
    uint32_t size = ((uint32_t)dtb[4] << 24) | ((uint32_t)dtb[5] << 16) | ((uint32_t)dtb[6] << 8) | dtb[7];
    static const char key[] = "dacr-scenario=";
    for (uint32_t i = 0; i + sizeof key + 2 < size; i++) {
        uint32_t k = 0;
        while (key[k] && dtb[i + k] == (uint8_t)key[k]) {
            k++;
        }
        if (!key[k]) {
            int n = 0;
            for (const uint8_t *p = dtb + i + k; *p >= '0' && *p <= '9'; p++) {
                n = n * 10 + (*p - '0');
            }
            return n;
        }
    }
    return -1;
}

int main(void)
{
#ifdef DACR_BENCH_ITERATIONS
    int which = DACR_BENCH_ITERATIONS + 0 * scenario(); /* dacr-bench.elf: the uaccess loop alone (QEMU passes no bootargs to an ELF) */
#else
    int which = scenario();
#endif
    put_str("GUESTKIT-BEGIN dacr\n");
    mmu_on();
    if (which < 0 || which == 1) {
        test_client();
    }
    if (which < 0 || which == 2) {
        test_manager();
    }
    if (which < 0 || which == 3) {
        test_noaccess();
    }
    if (which < 0 || which == 4) {
        test_isolation();
    }
    if (which < 0 || which == 5) {
        test_modes();
    }
    if (which < 0 || which == 6) {
        test_current_dacr();
    }
    if (which < 0 || which == 7) {
        test_table_writes();
    }
    if (which >= 100) {
        uaccess_loop((uint32_t)which);
    }
    put_str("GUESTKIT-END dacr failures=");
    put_dec(failures);
    put_char('\n');
    return 0;
}
