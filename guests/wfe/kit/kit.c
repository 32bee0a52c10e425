/* Guest-kit bare-metal runtime (see kit.h). */
#include "kit.h"

uint64_t kit_boot_dtb;
const char *kit_guest_name = "guest";
volatile int kit_el0_wfe_traps;
void (*kit_secondary_body)(unsigned cpu);
void (*kit_irq_hook)(void);

static int failures;
static int unexpected;
static volatile int probing;
static struct kit_probe probe_state;
static enum kit_conduit conduit = KIT_CONDUIT_HVC;

/* PSCI 1.1 function IDs (DEN0022 5.1). */
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_CPU_ON_64 0xC4000003UL

/* ---- device tree: just enough to read /psci/method (DTSpec 0.4 ch. 5: big-endian tokens) ---------------------- */

#define FDT_MAGIC 0xD00DFEEDu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static int starts_with(const char *s, const char *prefix)
{
    while (*prefix) {
        if (*s++ != *prefix++) {
            return 0;
        }
    }
    return 1;
}

enum kit_conduit kit_conduit_from_dtb(uint64_t dtb)
{
    /* Only trust a DTB inside RAM (0x40000000 upwards on the virt board) with the right magic. */
    if (dtb < 0x40000000UL || (dtb & 7) != 0 || be32((const void *)dtb) != FDT_MAGIC) {
        return KIT_CONDUIT_HVC;
    }
    const uint8_t *base = (const uint8_t *)dtb;
    uint32_t total = be32(base + 4);
    const uint8_t *p = base + be32(base + 8);
    const char *strings = (const char *)base + be32(base + 12);
    const uint8_t *end = base + total;
    int depth = 0;
    int in_psci = 0;
    while (p + 4 <= end) {
        uint32_t token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            depth++;
            in_psci = depth == 2 && starts_with(name, "psci");
            p += (str_len(name) + 4) & ~3UL;
        } else if (token == FDT_END_NODE) {
            depth--;
            in_psci = 0;
        } else if (token == FDT_PROP) {
            uint32_t len = be32(p);
            const char *name = strings + be32(p + 4);
            const char *value = (const char *)(p + 8);
            p += 8 + ((len + 3) & ~3u);
            if (in_psci && len >= 4 && name[0] == 'm' && starts_with(name, "method")) {
                return starts_with(value, "smc") ? KIT_CONDUIT_SMC : KIT_CONDUIT_HVC;
            }
        } else if (token == FDT_NOP) {
            continue;
        } else {
            break;
        }
    }
    return KIT_CONDUIT_HVC;
}

void kit_set_conduit(enum kit_conduit value)
{
    conduit = value;
}

enum kit_conduit kit_psci_conduit(void)
{
    return conduit;
}

const char *kit_conduit_name(enum kit_conduit which)
{
    return which == KIT_CONDUIT_HVC ? "hvc" : which == KIT_CONDUIT_SMC ? "smc" : "none";
}

int64_t kit_smccc(uint64_t function, uint64_t a1, uint64_t a2, uint64_t a3, int *undefined)
{
    register uint64_t x0 __asm__("x0") = function;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    struct kit_probe probe;
    if (conduit == KIT_CONDUIT_NONE) {
        *undefined = 1;
        return -1;
    }
    kit_probe_begin();
    if (conduit == KIT_CONDUIT_HVC) {
        __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    } else {
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    }
    *undefined = kit_probe_end(&probe) != 0;
    return *undefined ? -1 : (int64_t)x0;
}

void kit_power_off(void)
{
    int undefined = 0;
    printf("GUESTKIT-END %s failures=%d\n", kit_guest_name, failures);
    kit_smccc(PSCI_SYSTEM_OFF, 0, 0, 0, &undefined);
    /* SYSTEM_OFF does not return; reaching here means the conduit is UNDEFINED (no EL2 and no EL3 agent). */
    conduit = KIT_CONDUIT_NONE;
    printf("GUESTKIT-HALT no-psci\n");
    __asm__ volatile("msr daifset, #0xf");
    for (;;) {
        __asm__ volatile("wfi");
    }
}

/* ---- results, time, random ------------------------------------------------------------------------------------- */

void kit_check(int ok, const char *what)
{
    if (!ok) {
        failures++;
        printf("FAIL %s\n", what);
    }
}

int kit_failures(void)
{
    return failures;
}

uint64_t kit_ticks(void)
{
    uint64_t v;
    __asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(v) : : "memory");
    return v;
}

uint64_t kit_ticks_per_ms(void)
{
    uint64_t f = READ_SYSREG(cntfrq_el0);
    return f / 1000 ? f / 1000 : 1;
}

uint64_t kit_now_us(void)
{
    uint64_t f = READ_SYSREG(cntfrq_el0);
    uint64_t t = kit_ticks();
    return f >= 1000000 ? t / (f / 1000000) : t * 1000000 / (f ? f : 1);
}

void kit_delay_us(uint64_t us)
{
    uint64_t end = kit_now_us() + us;
    while (kit_now_us() < end) {
    }
}

uint64_t kit_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

/* ---- exceptions -------------------------------------------------------------------------------------------------- */

void kit_probe_begin(void)
{
    probe_state.taken = 0;
    probe_state.esr = 0;
    probe_state.elr = 0;
    __asm__ volatile("" : : : "memory");
    probing = 1;
}

int kit_probe_end(struct kit_probe *probe)
{
    probing = 0;
    __asm__ volatile("" : : : "memory");
    *probe = probe_state;
    return probe_state.taken;
}

int kit_unexpected_exceptions(void)
{
    return unexpected;
}

extern char kit_el0_return[];
extern uint64_t kit_el0_save[];

/* Vector indices of common/vectors.S: 0-3 current EL SP0, 4-7 current EL SPx, 8-11 lower EL AArch64. */
void sync_exception(struct exception_frame *frame, int vector)
{
    uint64_t ec = KIT_ESR_EC(frame->esr);
    if (vector == 8 && ec == KIT_EC_SVC64) {
        /* End of an EL0 round trip: hand X0-X3 back and resume kit_run_el0's caller at EL1h, DAIF masked. */
        struct kit_el0_regs *regs = (struct kit_el0_regs *)kit_el0_save[13];
        for (int i = 0; i < 4; i++) {
            regs->x[i] = frame->x[i];
        }
        frame->elr = (uint64_t)kit_el0_return;
        frame->spsr = 0x3C5;
        return;
    }
    if (vector == 8 && ec == KIT_EC_WFX) {
        /* A WFE from EL0 trapped to this kernel (SCTLR_EL1.nTWE = 0): the kernel is the agent; treat it as a no-op. */
        kit_el0_wfe_traps++;
        frame->elr += 4;
        return;
    }
    if (probing && vector < 8) {
        if (probe_state.taken++ == 0) {
            probe_state.esr = frame->esr;
            probe_state.elr = frame->elr;
        }
        frame->elr += 4;
        return;
    }
    unexpected++;
    failures++;
    printf("FAIL unexpected-exception vector=%d esr=0x%lx elr=0x%lx far=0x%lx\n", vector, frame->esr, frame->elr,
        frame->far);
    if (unexpected > 8) {
        kit_power_off();
    }
    frame->elr += 4;
}

void irq_exception(struct exception_frame *frame, int vector)
{
    if (kit_irq_hook) {
        kit_irq_hook();
        return;
    }
    failures++;
    printf("FAIL unexpected-interrupt vector=%d elr=0x%lx\n", vector, frame->elr);
    __asm__ volatile("msr daifset, #2");
    frame->spsr |= 0x80;
}

/* ---- SMP ---------------------------------------------------------------------------------------------------------- */

#define KIT_MAX_CPUS 8
static uint8_t secondary_stacks[KIT_MAX_CPUS][8192] __attribute__((aligned(16)));
extern char kit_secondary_entry[];

int64_t kit_cpu_on(unsigned cpu)
{
    int undefined = 0;
    if (cpu == 0 || cpu >= KIT_MAX_CPUS) {
        return -2; /* INVALID_PARAMETERS */
    }
    uint64_t mpidr = READ_SYSREG(mpidr_el1) & 0xFF00FFFF00UL; /* Aff3, Aff2, Aff1 of this CPU (D17.2.101) */
    uint64_t stack_top = (uint64_t)&secondary_stacks[cpu][sizeof(secondary_stacks[cpu])];
    return kit_smccc(PSCI_CPU_ON_64, mpidr | cpu, (uint64_t)kit_secondary_entry, stack_top, &undefined);
}

void kit_secondary_main(uint64_t cpu)
{
    if (kit_secondary_body) {
        kit_secondary_body((unsigned)cpu);
    }
    for (;;) {
        __asm__ volatile("wfi");
    }
}
