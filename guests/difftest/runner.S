// Random-instruction differential runner. For each case of the job at JOB_BASE (written by
// tools/Armvisor.Bench/Differential/TestImageBuilder.cs): load the case's register file (X0-X30, SP, NZCV, FPCR,
// FPSR, V0-V31), enter the case's instruction with ERET (so that every X register and NZCV can be set), catch the
// B save_state that follows it or any exception through the vector table, store the register file, the exception
// syndrome and the changed doublewords of the scratch buffer (restoring it) in the case's result record.
// Results stay in RAM (Armvisor's harness reads them) or are written to a host file with Arm semihosting (QEMU).
#include "layout.h"

    .macro save_x_from x_first
    stp     x2, x3, [x0, #16]
    stp     x4, x5, [x0, #32]
    stp     x6, x7, [x0, #48]
    stp     x8, x9, [x0, #64]
    stp     x10, x11, [x0, #80]
    stp     x12, x13, [x0, #96]
    stp     x14, x15, [x0, #112]
    stp     x16, x17, [x0, #128]
    stp     x18, x19, [x0, #144]
    stp     x20, x21, [x0, #160]
    stp     x22, x23, [x0, #176]
    stp     x24, x25, [x0, #192]
    stp     x26, x27, [x0, #208]
    stp     x28, x29, [x0, #224]
    str     x30, [x0, #240]
    .endm

    .section .text.boot, "ax"
    .global _start
_start:
    b       runner_main
    .word   0
    .quad   save_state              // +8: the target of each case's second word
    .quad   JOB_BASE                // +16

    .text
runner_main:
    ldr     x0, =runner_stack_top
    mov     sp, x0
    mov     x0, #(3 << 20)          // CPACR_EL1.FPEN = 0b11 (DDI0487 D17.2.30)
    msr     cpacr_el1, x0
    ldr     x0, =vectors
    msr     vbar_el1, x0
    isb
    ldr     x28, =JOB_BASE
    ldr     x0, [x28, #JOB_MAGIC_OFF]
    ldr     x1, =JOB_MAGIC
    cmp     x0, x1
    b.ne    bad_job
    ldr     x0, =0x30D00808         // SCTLR_EL1 RES1 bits + SA (DDI0487 D17.2.118), MMU off
    msr     sctlr_el1, x0
    isb
    ldr     x0, [x28, #JOB_FLAGS_OFF]
    tbz     x0, #0, 1f
    bl      enable_mmu
1:  ldr     x0, =banner
    bl      puts
    ldr     x0, =runner_index
    str     xzr, [x0]

case_loop:
    ldr     x28, =JOB_BASE
    ldr     x0, =runner_index
    ldr     x19, [x0]
    ldr     x1, [x28, #JOB_COUNT_OFF]
    cmp     x19, x1
    b.hs    finish
    ldr     x20, [x28, #JOB_INPUTS_OFF]
    add     x20, x20, x19, lsl #10
    ldr     x21, [x28, #JOB_RESULTS_OFF]
    add     x21, x21, x19, lsl #10
    msr     tpidr_el1, x21
    ldr     x0, [x20, #IN_FPCR_OFF]
    msr     fpcr, x0
    ldr     x0, [x20, #IN_FPSR_OFF]
    msr     fpsr, x0
    add     x1, x20, #IN_V_OFF
    ldp     q0, q1, [x1, #0]
    ldp     q2, q3, [x1, #32]
    ldp     q4, q5, [x1, #64]
    ldp     q6, q7, [x1, #96]
    ldp     q8, q9, [x1, #128]
    ldp     q10, q11, [x1, #160]
    ldp     q12, q13, [x1, #192]
    ldp     q14, q15, [x1, #224]
    ldp     q16, q17, [x1, #256]
    ldp     q18, q19, [x1, #288]
    ldp     q20, q21, [x1, #320]
    ldp     q22, q23, [x1, #352]
    ldp     q24, q25, [x1, #384]
    ldp     q26, q27, [x1, #416]
    ldp     q28, q29, [x1, #448]
    ldp     q30, q31, [x1, #480]
    // SPSR_EL1 = NZCV | DAIF masked | EL1h (DDI0487 C5.2.18); ERET installs it with the case's PC.
    ldr     x0, [x20, #IN_NZCV_OFF]
    and     x0, x0, #0xF0000000
    mov     x1, #0x3C5
    orr     x0, x0, x1
    msr     spsr_el1, x0
    ldr     x0, [x20, #IN_CODE_OFF]
    msr     elr_el1, x0
    ldr     x0, [x20, #IN_SP_OFF]
    mov     sp, x0
    clrex
    mov     x30, x20
    ldp     x0, x1, [x30, #0]
    ldp     x2, x3, [x30, #16]
    ldp     x4, x5, [x30, #32]
    ldp     x6, x7, [x30, #48]
    ldp     x8, x9, [x30, #64]
    ldp     x10, x11, [x30, #80]
    ldp     x12, x13, [x30, #96]
    ldp     x14, x15, [x30, #112]
    ldp     x16, x17, [x30, #128]
    ldp     x18, x19, [x30, #144]
    ldp     x20, x21, [x30, #160]
    ldp     x22, x23, [x30, #176]
    ldp     x24, x25, [x30, #192]
    ldp     x26, x27, [x30, #208]
    ldp     x28, x29, [x30, #224]
    ldr     x30, [x30, #240]
    eret

// Reached by the B that follows each case's instruction: the instruction completed.
save_state:
    msr     tpidrro_el0, x0
    mrs     x0, tpidr_el1
    str     x1, [x0, #8]
    save_x_from x2
    str     xzr, [x0, #OUT_KIND_OFF]
    str     xzr, [x0, #OUT_ESR_OFF]
    str     xzr, [x0, #OUT_ELR_OFF]
    str     xzr, [x0, #OUT_FAR_OFF]
    str     xzr, [x0, #OUT_SPSR_OFF]
    mrs     x1, nzcv
    str     x1, [x0, #OUT_NZCV_OFF]
    b       save_common

// Reached from the vector table with x1 = 1 + vector index; the case's x0 is in TPIDRRO_EL0, x1 already saved.
exception_save:
    str     x1, [x0, #OUT_KIND_OFF]
    save_x_from x2
    mrs     x1, esr_el1
    str     x1, [x0, #OUT_ESR_OFF]
    mrs     x1, elr_el1
    str     x1, [x0, #OUT_ELR_OFF]
    mrs     x1, far_el1
    str     x1, [x0, #OUT_FAR_OFF]
    // PSTATE.NZCV when the exception was taken is SPSR_EL1.NZCV (DDI0487 D1.10: exception entry leaves NZCV
    // unchanged, but QEMU 7.2 clears it in PSTATE, so the live flags are not comparable).
    mrs     x1, spsr_el1
    str     x1, [x0, #OUT_SPSR_OFF]
    and     x1, x1, #0xF0000000
    str     x1, [x0, #OUT_NZCV_OFF]
    // fall through

save_common:
    mrs     x1, tpidrro_el0
    str     x1, [x0, #OUT_X_OFF]
    mov     x1, sp
    str     x1, [x0, #OUT_SP_OFF]
    mrs     x1, fpsr
    str     x1, [x0, #OUT_FPSR_OFF]
    mrs     x1, fpcr
    str     x1, [x0, #OUT_FPCR_OFF]
    add     x1, x0, #OUT_V_OFF
    stp     q0, q1, [x1, #0]
    stp     q2, q3, [x1, #32]
    stp     q4, q5, [x1, #64]
    stp     q6, q7, [x1, #96]
    stp     q8, q9, [x1, #128]
    stp     q10, q11, [x1, #160]
    stp     q12, q13, [x1, #192]
    stp     q14, q15, [x1, #224]
    stp     q16, q17, [x1, #256]
    stp     q18, q19, [x1, #288]
    stp     q20, q21, [x1, #320]
    stp     q22, q23, [x1, #352]
    stp     q24, q25, [x1, #384]
    stp     q26, q27, [x1, #416]
    stp     q28, q29, [x1, #448]
    stp     q30, q31, [x1, #480]

    // Back to the runner's own state: stack, EL1h, and the scratch buffer diff against its pristine copy.
    ldr     x1, =runner_stack_top
    mov     sp, x1
    mov     x21, x0
    ldr     x28, =JOB_BASE
    ldr     x2, [x28, #JOB_SCRATCH_OFF]
    ldr     x3, [x28, #JOB_PRISTINE_OFF]
    mov     x11, x2
    mov     x12, x3
    add     x13, x2, #SCRATCH_SIZE
    mov     x5, #0
    add     x6, x21, #OUT_MEM_OFF
    // 16 bytes per iteration; a difference goes to record_diff for each of the two doublewords.
scan:
    ldp     x7, x8, [x11], #16
    ldp     x9, x10, [x12], #16
    cmp     x7, x9
    ccmp    x8, x10, #0, eq
    b.ne    record_diff
scan_next:
    cmp     x11, x13
    b.lo    scan
    str     x5, [x21, #OUT_MEMCOUNT_OFF]
    ldr     x1, =RESULT_DONE
    str     x1, [x21, #OUT_DONE_OFF]
    ldr     x0, =runner_index
    ldr     x1, [x0]
    add     x1, x1, #1
    str     x1, [x0]
    b       case_loop

// The pair just compared (x7, x8 new; x9, x10 pristine, at x11 - 16) differs: record and restore it.
record_diff:
    sub     x14, x11, #16
    sub     x4, x14, x2
    cmp     x7, x9
    b.eq    1f
    cmp     x5, #OUT_MEM_MAX
    b.hs    2f
    stp     x4, x7, [x6], #16
2:  add     x5, x5, #1
    str     x9, [x14]
1:  add     x4, x4, #8
    cmp     x8, x10
    b.eq    scan_next
    cmp     x5, #OUT_MEM_MAX
    b.hs    3f
    stp     x4, x8, [x6], #16
3:  add     x5, x5, #1
    str     x10, [x14, #8]
    b       scan_next

finish:
    ldr     x28, =JOB_BASE
    ldr     x0, [x28, #JOB_FLAGS_OFF]
    tbz     x0, #1, power_off
    // Arm semihosting (IHI0056, AArch64: HLT #0xF000, W0 = operation, X1 = parameter block).
    ldr     x1, [x28, #JOB_FILENAME_OFF]
    mov     x2, #0
3:  ldrb    w3, [x1, x2]
    cbz     w3, 4f
    add     x2, x2, #1
    b       3b
4:  ldr     x9, =semihost_block
    mov     x3, #5                  // mode "wb"
    stp     x1, x3, [x9]
    str     x2, [x9, #16]
    mov     x0, #0x01               // SYS_OPEN
    mov     x1, x9
    hlt     #0xf000
    cmn     x0, #1
    b.eq    semihost_failed
    mov     x10, x0
    ldr     x3, [x28, #JOB_RESULTS_OFF]
    ldr     x4, [x28, #JOB_RESULTS_SIZE_OFF]
    stp     x10, x3, [x9]
    str     x4, [x9, #16]
    mov     x0, #0x05               // SYS_WRITE
    mov     x1, x9
    hlt     #0xf000
    cbnz    x0, semihost_failed
    str     x10, [x9]
    mov     x0, #0x02               // SYS_CLOSE
    mov     x1, x9
    hlt     #0xf000
power_off:
    ldr     x0, =done_message
    bl      puts
    ldr     x0, =0x84000008         // PSCI SYSTEM_OFF over HVC (DEN0022 5.1)
    hvc     #0
    b       .

semihost_failed:
    ldr     x0, =semihost_message
    bl      puts
    b       power_off

bad_job:
    ldr     x0, =bad_job_message
    bl      puts
    b       power_off

// x0 = NUL-terminated string, printed on the PL011 data register (clobbers x0-x2).
puts:
    ldr     x1, =0x09000000
5:  ldrb    w2, [x0], #1
    cbz     w2, 6f
    str     w2, [x1]
    b       5b
6:  ret

// Identity map (DDI0487 D8.2, 4K granule, T0SZ 25 so the walk starts at level 1): 0-1 GB Device-nGnRnE,
// 1-2 GB Normal write-back; then SCTLR_EL1 with M, C, I and SA.
enable_mmu:
    ldr     x0, =runner_tables
    mov     x1, #0
7:  str     xzr, [x0, x1]
    add     x1, x1, #8
    cmp     x1, #4096
    b.lo    7b
    ldr     x1, =0x0060000000000401  // block, AF, AttrIndx 0, PXN, UXN
    str     x1, [x0]
    ldr     x1, =0x0000000040000705  // 0x40000000 block, AF, SH inner, AttrIndx 1
    str     x1, [x0, #8]
    dsb     sy
    ldr     x1, =0xFF00              // MAIR_EL1: Attr0 Device-nGnRnE, Attr1 Normal write-back
    msr     mair_el1, x1
    ldr     x1, =0x803519            // TCR_EL1: T0SZ 25, IRGN0/ORGN0 WB, SH0 inner, TG0 4K, EPD1
    msr     tcr_el1, x1
    msr     ttbr0_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ldr     x1, =0x30D0180D          // SCTLR_EL1: RES1 + M + C + SA + I
    msr     sctlr_el1, x1
    isb
    ret
    .ltorg

    .section .vectors, "ax"
    .balign 2048
vectors:
    .irp    index, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    .balign 0x80
    msr     tpidrro_el0, x0
    mrs     x0, tpidr_el1
    str     x1, [x0, #8]
    mov     x1, #(\index + 1)
    b       exception_save
    .endr

    .section .rodata, "a"
banner:         .asciz "DIFFTEST RUNNER\n"
done_message:   .asciz "DIFFTEST DONE\n"
semihost_message: .asciz "DIFFTEST SEMIHOSTING FAILED\n"
bad_job_message: .asciz "DIFFTEST BAD JOB\n"

    .data
    .balign 8
runner_index:   .quad 0
semihost_block: .quad 0, 0, 0

    .bss
    .balign 4096
runner_tables:  .space 4096
    .balign 16
                .space 4096
runner_stack_top:
