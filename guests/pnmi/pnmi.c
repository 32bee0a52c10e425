/*
 * pnmi: the pseudo-NMI dispatcher of guestkit/include/armvisor/pnmi.h on the GICv3, one case per test of
 * patents.md §5(e): the priority invariant at init (6), a PNMI delivered while "interrupts off" (1), a PNMI nesting
 * inside a regular handler (2), the '990 deferral race (3), spurious INTIDs (4) and a burst of 1,000 mixed
 * interrupts leaving nothing active (5). Interrupts come from SGIs to this CPU (ICC_SGI1R_EL1) and the EL1 virtual
 * timer (PPI 27). Handlers only record; the main flow prints one line per observation.
 */
#include "gic.h"
#include "kit.h"
#include <armvisor/pnmi.h>

enum {
    SGI_R = 1,      /* regular, 0xA0 */
    SGI_PNMI = 2,   /* the PNMI, 0x20 */
    SGI_R2 = 3,     /* regular, 0xA0 (equal to R) */
    SGI_LOW = 4,    /* regular, 0xC0 */
    SGI_HIGH = 5,   /* regular, 0x90 */
    PPI_VTIMER = 27 /* EL1 virtual timer (Arm BSA), regular, 0xB0 */
};

enum scenario { PLAIN, NEST };
enum mark { R_ENTER = 1, R_EXIT, P_ENTER, P_EXIT, R2_ENTER, R2_EXIT };
static const char *const mark_names[] = { "", "R-enter", "R-exit", "P-enter", "P-exit", "R2-enter", "R2-exit" };

static struct armvisor_pnmi pnmi;
static volatile uint64_t runs[32];
static volatile int scenario;
static volatile int timer_armed;
static volatile uint32_t rpr_in_r, rpr_in_p, r2_runs_in_r;
static volatile unsigned marks[16];
static volatile unsigned mark_count;

static void mark(enum mark m)
{
    if (mark_count < 16) {
        marks[mark_count++] = m;
    }
}

static int wait_runs(uint32_t intid, uint64_t target, uint64_t timeout_us)
{
    uint64_t end = kit_now_us() + timeout_us;
    while (runs[intid] < target) {
        if (kit_now_us() > end) {
            return 0;
        }
    }
    return 1;
}

static void timer_fire_soon(void)
{
    timer_armed = 1;
    WRITE_SYSREG(cntv_tval_el0, 1);
    WRITE_SYSREG(cntv_ctl_el0, 1); /* ENABLE, not IMASK (DDI0487 D17.10.13) */
    ISB();
}

static void regular_handler(uint32_t intid, void *ctx)
{
    (void)ctx;
    if (intid == PPI_VTIMER) {
        WRITE_SYSREG(cntv_ctl_el0, 0); /* the line drops before the deactivation */
        ISB();
        timer_armed = 0;
    }
    if (scenario == NEST && intid == SGI_R) {
        mark(R_ENTER);
        rpr_in_r = armvisor_icc_rpr();
        uint64_t p0 = runs[SGI_PNMI];
        gic_send_sgi_self(SGI_R2);   /* equal priority: must wait for R to finish */
        gic_send_sgi_self(SGI_PNMI); /* higher group priority: preempts R now */
        wait_runs(SGI_PNMI, p0 + 1, 1000000);
        kit_delay_us(2000);
        r2_runs_in_r = (uint32_t)runs[SGI_R2];
        mark(R_EXIT);
    } else if (scenario == NEST && intid == SGI_R2) {
        mark(R2_ENTER);
        mark(R2_EXIT);
    }
    runs[intid]++;
}

static void pnmi_handler(uint32_t intid, void *ctx)
{
    (void)ctx;
    if (scenario == NEST) {
        mark(P_ENTER);
        rpr_in_p = armvisor_icc_rpr();
        mark(P_EXIT);
    }
    runs[intid]++;
}

static void on_irq(void)
{
    armvisor_pnmi_dispatch(&pnmi);
}

static struct armvisor_pnmi_cpu *cpu(void)
{
    return armvisor_pnmi_this_cpu(&pnmi);
}

static void print_trace(const char *name)
{
    struct armvisor_pnmi_cpu *c = cpu();
    static const char *const events[] = { "", "iar", "eoir", "dir" };
    printf("%s: trace=", name);
    for (unsigned i = 0; i < c->trace_count; i++) {
        printf("%s%s:%u", i ? "," : "", events[c->trace[i].event], c->trace[i].intid);
    }
    printf("\n");
    c->trace_count = 0;
}

static void case_invariant(uint32_t intids)
{
    uint32_t first = 0;
    uint64_t ctlr = READ_SYSREG(icc_ctlr_el1);
    unsigned violations = armvisor_pnmi_check_priorities(&pnmi, intids, gic_priority, &first);
    printf("priority-invariant: intids=%u violations=%u pnmi-priority=0x%x pmr-off=0x%x pribits=%lu eoimode=%lu\n",
        intids, violations, gic_priority(SGI_PNMI), ARMVISOR_PMR_OFF, ((ctlr >> 8) & 7) + 1, (ctlr >> 1) & 1);
    kit_check(violations == 0, "priority invariant holds at init");
    kit_check(((ctlr >> 1) & 1) == 1, "EOImode = 1");

    /* The scan must catch a broken configuration: a regular SPI at 0x40 would pass the "off" mask. */
    uint32_t spi = intids > 40 ? 40 : 32;
    gic_set_priority(spi, 0x40);
    violations = armvisor_pnmi_check_priorities(&pnmi, intids, gic_priority, &first);
    printf("priority-invariant-broken: violations=%u first=%u\n", violations, first);
    kit_check(violations == 1 && first == spi, "the scan finds the broken SPI");
    gic_set_priority(spi, ARMVISOR_IRQ_PRIORITY);
}

static void case_off(void)
{
    struct armvisor_pnmi_cpu *c = cpu();
    armvisor_irq_disable(&pnmi);
    uint64_t r0 = runs[SGI_R];
    gic_send_sgi_self(SGI_R);
    kit_delay_us(10000);
    int held = runs[SGI_R] == r0;
    printf("off-regular: delivered=%d pending=%d pmr=0x%x\n", !held, gic_pending(SGI_R), armvisor_icc_pmr_read());
    kit_check(held && gic_pending(SGI_R), "a regular interrupt waits while interrupts are off");

    c->trace_count = 0;
    c->trace_on = 1;
    uint64_t p0 = runs[SGI_PNMI];
    uint64_t t0 = kit_ticks();
    gic_send_sgi_self(SGI_PNMI);
    int delivered = wait_runs(SGI_PNMI, p0 + 1, 1000000);
    uint64_t latency = (kit_ticks() - t0) * 1000 / kit_ticks_per_ms();
    c->trace_on = 0;
    printf("off-pnmi: delivered=%d latency-us=%lu\n", delivered, latency);
    print_trace("off-pnmi");
    kit_check(delivered, "the PNMI is delivered while interrupts are off");

    armvisor_irq_enable(&pnmi);
    int later = wait_runs(SGI_R, r0 + 1, 1000000);
    printf("off-enable: regular-delivered=%d deferrals=%lu\n", later, c->deferrals);
    kit_check(later, "the held regular interrupt arrives after irq_enable");
}

static void case_nest(void)
{
    mark_count = 0;
    scenario = NEST;
    uint64_t r2 = runs[SGI_R2];
    gic_send_sgi_self(SGI_R);
    int done = wait_runs(SGI_R2, r2 + 1, 2000000);
    scenario = PLAIN;
    printf("nest-trace: ");
    for (unsigned i = 0; i < mark_count; i++) {
        printf("%s%s", i ? "," : "", mark_names[marks[i]]);
    }
    printf("\n");
    printf("nest-rpr: during-r=0x%x during-p=0x%x equal-preempted=%d\n", rpr_in_r, rpr_in_p, r2_runs_in_r != r2);
    kit_check(done && mark_count == 6 && marks[0] == R_ENTER && marks[1] == P_ENTER && marks[2] == P_EXIT &&
            marks[3] == R_EXIT && marks[4] == R2_ENTER && marks[5] == R2_EXIT, "trace R-enter P-enter P-exit R-exit");
    kit_check(rpr_in_r == ARMVISOR_IRQ_PRIORITY && rpr_in_p == ARMVISOR_PNMI_PRIORITY, "running priorities");
}

static void case_defer(void)
{
    struct armvisor_pnmi_cpu *c = cpu();
    uint64_t runs0 = runs[SGI_R], deferrals0 = c->deferrals;
    armvisor_irq_disable_lazy(&pnmi); /* the race: flag says off, PMR still lets regulars through */
    gic_send_sgi_self(SGI_R);
    uint64_t end = kit_now_us() + 1000000;
    while (c->deferrals == deferrals0 && kit_now_us() < end) {
    }
    printf("defer: handler-runs=%lu deferred=%lu pmr=0x%x active=%d rpr=0x%x\n", runs[SGI_R] - runs0,
        c->deferrals - deferrals0, armvisor_icc_pmr_read(), gic_active(SGI_R), armvisor_icc_rpr());
    kit_check(runs[SGI_R] == runs0 && c->deferrals == deferrals0 + 1, "the regular handler is deferred, not run");
    kit_check(armvisor_icc_pmr_read() == ARMVISOR_PMR_OFF, "the dispatcher raised PMR");

    uint64_t p0 = runs[SGI_PNMI];
    gic_send_sgi_self(SGI_PNMI);
    int pnmi_ok = wait_runs(SGI_PNMI, p0 + 1, 1000000);
    printf("defer-pnmi: delivered=%d\n", pnmi_ok);
    kit_check(pnmi_ok, "the PNMI passes during the deferral");

    armvisor_irq_enable(&pnmi);
    printf("defer-replay: handler-runs=%lu replays=%lu active=%d pmr=0x%x\n", runs[SGI_R] - runs0, c->replays,
        gic_active(SGI_R), armvisor_icc_pmr_read());
    kit_check(runs[SGI_R] == runs0 + 1 && !gic_active(SGI_R), "irq_enable replays the deferred vector once");
    armvisor_irq_enable(&pnmi);
    printf("defer-replay-again: handler-runs=%lu\n", runs[SGI_R] - runs0);
    kit_check(runs[SGI_R] == runs0 + 1, "a second irq_enable does not replay again");
}

static void case_spurious(void)
{
    struct armvisor_pnmi_cpu *c = cpu();
    __asm__ volatile("msr daifset, #2" : : : "memory");

    /* Nothing pending at all. */
    uint64_t eoir0 = c->eoir, dir0 = c->dir, regular0 = c->regular_runs, pnmi0 = c->pnmi_runs;
    uint32_t iar = armvisor_pnmi_dispatch(&pnmi);
    printf("spurious-idle: iar=%u handler-runs=%lu eoir-delta=%lu dir-delta=%lu\n", iar,
        c->regular_runs - regular0 + c->pnmi_runs - pnmi0, c->eoir - eoir0, c->dir - dir0);
    kit_check(iar == ARMVISOR_INTID_SPURIOUS && c->eoir == eoir0 && c->dir == dir0, "idle IAR is spurious, no EOI");

    /* Signalled, then withdrawn: the level-sensitive timer line drops before the IAR read. */
    gic_enable(PPI_VTIMER);
    timer_fire_soon();
    uint64_t end = kit_now_us() + 1000000;
    while (!gic_pending(PPI_VTIMER) && kit_now_us() < end) {
    }
    int before = gic_pending(PPI_VTIMER);
    WRITE_SYSREG(cntv_ctl_el0, 0);
    ISB();
    timer_armed = 0;
    end = kit_now_us() + 1000000;
    while (gic_pending(PPI_VTIMER) && kit_now_us() < end) {
    }
    int after = gic_pending(PPI_VTIMER);
    eoir0 = c->eoir;
    regular0 = c->regular_runs;
    iar = armvisor_pnmi_dispatch(&pnmi);
    printf("spurious-withdrawn: pending-before=%d pending-after=%d iar=%u handler-runs=%lu eoir-delta=%lu\n", before,
        after, iar, c->regular_runs - regular0, c->eoir - eoir0);
    kit_check(before && !after && iar == ARMVISOR_INTID_SPURIOUS && c->eoir == eoir0, "withdrawn interrupt is spurious");

    /* Pending but below the mask: not signalled, so the IAR is spurious too. */
    armvisor_irq_disable(&pnmi);
    uint64_t r0 = runs[SGI_R];
    gic_send_sgi_self(SGI_R);
    iar = armvisor_pnmi_dispatch(&pnmi);
    printf("spurious-masked: iar=%u pending=%d handler-runs=%lu\n", iar, gic_pending(SGI_R), runs[SGI_R] - r0);
    kit_check(iar == ARMVISOR_INTID_SPURIOUS && gic_pending(SGI_R), "a masked interrupt is not acknowledged");
    __asm__ volatile("msr daifclr, #2" : : : "memory");
    armvisor_irq_enable(&pnmi);
    int ok = wait_runs(SGI_R, r0 + 1, 1000000);
    printf("spurious-masked-enable: delivered=%d\n", ok);
    kit_check(ok, "the masked interrupt arrives after irq_enable");
}

static void case_burst(void)
{
    static const uint32_t regulars[] = { SGI_R, SGI_R2, SGI_LOW, SGI_HIGH };
    struct armvisor_pnmi_cpu *c = cpu();
    uint64_t sent[32] = { 0 };
    uint64_t start[32];
    for (int i = 0; i < 32; i++) {
        start[i] = runs[i];
    }
    uint64_t acks0 = c->acks, eoir0 = c->eoir, dir0 = c->dir, deferrals0 = c->deferrals, replays0 = c->replays;
    uint64_t seed = 0x2545F4914F6CDD1DUL;
    unsigned generated = 0, toggles = 0, pnmi_lost = 0;
    while (generated < 1000) {
        unsigned r = (unsigned)(kit_random(&seed) % 100);
        if (r < 8) {
            unsigned mode = (unsigned)(kit_random(&seed) % 3);
            if (mode == 0) {
                armvisor_irq_enable(&pnmi);
            } else if (mode == 1) {
                armvisor_irq_disable(&pnmi);
            } else {
                armvisor_irq_disable_lazy(&pnmi);
            }
            toggles++;
        } else if (r < 28) {
            uint64_t before = runs[SGI_PNMI];
            gic_send_sgi_self(SGI_PNMI);
            pnmi_lost += !wait_runs(SGI_PNMI, before + 1, 1000000);
            sent[SGI_PNMI]++;
            generated++;
        } else if (r < 38) {
            if (!timer_armed) {
                timer_fire_soon();
                sent[PPI_VTIMER]++;
                generated++;
            }
        } else {
            uint32_t intid = regulars[kit_random(&seed) % 4];
            if (!gic_pending(intid)) {
                gic_send_sgi_self(intid);
                sent[intid]++;
                generated++;
            }
        }
    }
    armvisor_irq_enable(&pnmi);
    uint64_t end = kit_now_us() + 2000000;
    int drained = 0;
    while (!drained && kit_now_us() < end) {
        drained = 1;
        for (int i = 0; i < 32; i++) {
            drained &= runs[i] - start[i] == sent[i];
        }
    }
    uint64_t handled = 0;
    for (int i = 0; i < 32; i++) {
        handled += runs[i] - start[i];
    }
    uint64_t acks = c->acks - acks0, eoir = c->eoir - eoir0, dir = c->dir - dir0;
    uint32_t active = gic_active_private(), pending = gic_pending_private(), rpr = armvisor_icc_rpr();
    printf("burst: interrupts=%u handled=%lu pnmi=%lu timer=%lu regular=%lu toggles=%u deferrals=%lu replays=%lu\n",
        generated, handled, sent[SGI_PNMI], sent[PPI_VTIMER],
        sent[SGI_R] + sent[SGI_R2] + sent[SGI_LOW] + sent[SGI_HIGH], toggles, c->deferrals - deferrals0,
        c->replays - replays0);
    printf("burst-balance: acks=%lu eoir=%lu dir=%lu overflows=%lu active=0x%x pending=0x%x spi-active=%d rpr=0x%x\n",
        acks, eoir, dir, c->overflows, active, pending, gic_any_spi_active(), rpr);
    kit_check(drained && handled == generated, "every burst interrupt handled exactly once");
    kit_check(pnmi_lost == 0, "every PNMI delivered at once");
    kit_check(acks == eoir && eoir == dir && c->overflows == 0, "every IAR has one EOIR and one DIR");
    kit_check(active == 0 && pending == 0 && !gic_any_spi_active() && rpr == 0xFF, "nothing left active, RPR idle");
}

int main(void)
{
    kit_guest_name = "pnmi";
    uint32_t intids = gic_init(ARMVISOR_IRQ_PRIORITY);
    armvisor_pnmi_init_cpu(&pnmi, regular_handler, pnmi_handler, 0);
    armvisor_pnmi_designate(&pnmi, SGI_PNMI, 1);
    gic_set_priority(SGI_PNMI, ARMVISOR_PNMI_PRIORITY);
    gic_set_priority(SGI_LOW, 0xC0);
    gic_set_priority(SGI_HIGH, 0x90);
    gic_set_priority(PPI_VTIMER, 0xB0);
    const uint32_t used[] = { SGI_R, SGI_PNMI, SGI_R2, SGI_LOW, SGI_HIGH };
    for (unsigned i = 0; i < sizeof(used) / sizeof(used[0]); i++) {
        gic_enable(used[i]);
    }
    kit_irq_hook = on_irq;
    __asm__ volatile("msr daifclr, #2" : : : "memory"); /* thread context runs with PSTATE.I clear */

    case_invariant(intids);
    case_off();
    case_nest();
    case_defer();
    case_spurious();
    case_burst();

    __asm__ volatile("msr daifset, #2" : : : "memory");
    struct armvisor_pnmi_cpu *c = cpu();
    printf("totals: acks=%lu eoir=%lu dir=%lu spurious=%lu pnmi-runs=%lu regular-runs=%lu\n", c->acks, c->eoir, c->dir,
        c->spurious, c->pnmi_runs, c->regular_runs);
    kit_check(c->acks == c->eoir && c->eoir == c->dir, "EOI bookkeeping balanced overall");
    return 0;
}
