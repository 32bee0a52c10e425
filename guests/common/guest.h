/* Shared declarations of the bare-metal guests: PL011 console, printing, PSCI, System registers, MMU, exceptions. */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define READ_SYSREG(name) ({ uint64_t _v; __asm__ volatile("mrs %0, " #name : "=r"(_v)); _v; })
#define WRITE_SYSREG(name, v) __asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)) : "memory")
#define ISB() __asm__ volatile("isb" : : : "memory")
#define DSB(opt) __asm__ volatile("dsb " #opt : : : "memory")

/* PL011 at 0x09000000 on QEMU virt (linux-platform.md 2.1). */
void uart_putc(char c);
void uart_puts(const char *s);

/* A small printf: %s %c %d %u %x %lx %lu %ld %p, with optional zero padding and width (e.g. %016lx). */
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* PSCI 0.2 over HVC (DEN0022: SYSTEM_OFF 0x84000008, PSCI_VERSION 0x84000000). */
uint64_t psci_call(uint64_t function, uint64_t a1, uint64_t a2, uint64_t a3);
uint32_t psci_version(void);
void psci_system_off(void) __attribute__((noreturn));

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Registers saved by common/vectors.S on a synchronous exception; the handler may change elr to skip. */
struct exception_frame {
    uint64_t x[31];
    uint64_t sp;
    uint64_t elr;
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
};

/*
 * Called for every synchronous exception taken to EL1 (current EL with SP0/SPx, or lower EL). Weak default: print and
 * power off. Guests override it. Return to continue at frame->elr with frame->spsr.
 */
void sync_exception(struct exception_frame *frame, int vector);
/* Installs common/vectors.S in VBAR_EL1. */
void install_vectors(void);

/* Stage-1 identity map, 4K granule, 39-bit VA (DDI0487 D8): 0-1 GB Device-nGnRnE, 1-2 GB Normal write-back. */
#define MAIR_DEVICE_NGNRNE 0
#define MAIR_NORMAL_WB 1
uint64_t *mmu_tables(void);
void mmu_enable_identity(void);
void mmu_disable(void);

extern char __image_end[];
extern char __pagetables[];

#endif
