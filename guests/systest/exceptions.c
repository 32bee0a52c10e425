/*
 * Exception entry and return (DDI0487 D1.10, D17.2.37 ESR_EL1): SVC, BRK, UNDEFINED, SMC without EL3, exceptions from
 * EL0 (lower-EL vector), an illegal exception return, and alignment faults with SCTLR_EL1.A.
 */
#include "systest.h"

#define ESR_IL (1UL << 25)
#define EC(x) ((uint64_t)(x) << 26)

static uint8_t el0_stack[4096] __attribute__((aligned(16)));
static uint64_t aligned_buffer[4] __attribute__((aligned(16)));

static void el0_body(void)
{
    __asm__ volatile("svc #0x11" ::: "memory");
    __asm__ volatile("mrs x0, sctlr_el1" ::: "x0", "memory");
    __asm__ volatile("brk #0x22" ::: "memory");
    __asm__ volatile("svc #0xffff" ::: "memory");
}

static void test_svc(void)
{
    uint64_t at;
    expect_exception();
    __asm__ volatile("mov x0, #0x60000000\n msr nzcv, x0\n adr %0, 1f\n 1: svc #0x123" : "=r"(at) : : "x0", "memory", "cc");
    check("svc.count", last.count, 1);
    check("svc.esr", last.esr, EC(0x15) | ESR_IL | 0x123);
    check("svc.elr", last.elr, at + 4);
    check("svc.spsr", last.spsr, 0x600003C5);
    check("svc.vector", (uint64_t)last.vector, 4);
}

static void test_brk(void)
{
    uint64_t at;
    expect_exception();
    __asm__ volatile("adr %0, 1f\n 1: brk #0x42" : "=r"(at) : : "memory");
    check("brk.esr", last.esr, EC(0x3C) | ESR_IL | 0x42);
    check("brk.elr", last.elr, at);
}

static void test_undefined(void)
{
    uint64_t at;
    expect_exception();
    __asm__ volatile("adr %0, 1f\n 1: .inst 0x00000000" : "=r"(at) : : "memory");
    check("udf.esr", last.esr, ESR_IL);
    check("udf.elr", last.elr, at);
    expect_exception();
    __asm__ volatile("adr %0, 1f\n 1: smc #0" : "=r"(at) : : "memory");
    check("smc_no_el3.esr", last.esr, ESR_IL);
    check("smc_no_el3.elr", last.elr, at);
    uint32_t v = psci_version();
    check("psci_version", v, 0x10001);
}

static void test_el0(void)
{
    /* Three exceptions from EL0 (SVC, UNDEFINED MRS, BRK), each taken to the lower-EL vector; the last is kept. */
    expect_exception();
    run_at_el0(el0_body, el0_stack + sizeof el0_stack);
    check("el0.exceptions", last.count, 3);
    check("el0.last.esr", last.esr, EC(0x3C) | ESR_IL | 0x22);
    check("el0.last.vector", (uint64_t)last.vector, 8);
    check("el0.last.spsr.mode", last.spsr & 0xF, 0);
}

static void test_illegal_return(void)
{
    uint64_t at;
    expect_exception();
    /* ERET to EL2, which is above the current EL: an illegal exception return (DDI0487 D1.10.5). */
    __asm__ volatile("adr %0, 1f\n msr elr_el1, %0\n mov x0, #0x3C9\n msr spsr_el1, x0\n eret\n 1: nop"
                     : "=&r"(at) : : "x0", "memory");
    check("illegal_return.esr", last.esr, EC(0x0E) | ESR_IL);
    check("illegal_return.elr", last.elr, at);
    check("illegal_return.spsr.il", (last.spsr >> 20) & 1, 1);
    check("illegal_return.spsr.mode", last.spsr & 0xF, 5);
}

static void test_alignment(void)
{
    mmu_enable_identity();
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) | (1UL << 1)); /* SCTLR_EL1.A */
    ISB();
    uint64_t address = (uint64_t)aligned_buffer + 3;
    uint64_t at, value = 0;
    expect_exception();
    __asm__ volatile("adr %0, 1f\n 1: ldr %1, [%2]" : "=&r"(at), "+r"(value) : "r"(address) : "memory");
    check("align_load.esr", last.esr, EC(0x25) | ESR_IL | 0x21);
    check("align_load.far", last.far, address);
    check("align_load.elr", last.elr, at);
    expect_exception();
    __asm__ volatile("adr %0, 1f\n 1: str %1, [%2]" : "=&r"(at) : "r"(value), "r"(address) : "memory");
    check("align_store.esr", last.esr, EC(0x25) | ESR_IL | (1 << 6) | 0x21);
    check("align_store.far", last.far, address);
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) & ~(1UL << 1));
    ISB();
    /* Exclusives are always alignment-checked (DDI0487 B2.5.2). */
    expect_exception();
    __asm__ volatile("adr %0, 1f\n 1: ldxr %1, [%2]" : "=&r"(at), "+r"(value) : "r"(address) : "memory");
    check("align_ldxr.esr", last.esr, EC(0x25) | ESR_IL | 0x21);
    check("align_ldxr.far", last.far, address);
    /* Without SCTLR_EL1.A a Normal-memory unaligned load just works. */
    expect_exception();
    aligned_buffer[0] = 0x1122334455667788UL;
    aligned_buffer[1] = 0x99AABBCCDDEEFF00UL;
    __asm__ volatile("ldr %0, [%1]" : "=r"(value) : "r"(address) : "memory");
    check("unaligned_normal.count", last.count, 0);
    check("unaligned_normal.value", value, 0xEEFF001122334455UL);
    mmu_disable();
}

int main(void)
{
    test_svc();
    test_brk();
    test_undefined();
    test_el0();
    test_illegal_return();
    test_alignment();
    return finish("exceptions");
}
