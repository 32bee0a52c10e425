// Guest-kit entry, used instead of common/start.S: the same start-up (EL1, MMU off, DAIF masked), plus
//  - X0 at entry (the DTB address under Armvisor, booting.rst convention) kept in kit_boot_dtb for the PSCI conduit;
//  - a secondary-CPU entry for PSCI CPU_ON whose context ID is the CPU's stack top (DEN0022 5.6: X0 = context ID);
//  - kit_run_el0: a round trip to EL0 and back through SVC.
    .section .text.boot, "ax"
    .global _start
_start:
    mov     x19, x0
    ldr     x0, =__stack_top
    mov     sp, x0
    // CPACR_EL1.FPEN = 0b11: FP/AdvSIMD does not trap at EL0/EL1 (DDI0487 D17.2.30).
    mov     x0, #(3 << 20)
    msr     cpacr_el1, x0
    isb
    // Read /psci/method before anything is written: a loader may place the DTB right after the ELF's LOAD segment,
    // where the .bss alignment padding, the page tables and the stack of common/guest.ld go.
    mov     x0, x19
    bl      kit_conduit_from_dtb
    mov     w20, w0
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  ldr     x0, =kit_boot_dtb
    str     x19, [x0]
    mov     w0, w20
    bl      kit_set_conduit
    bl      install_vectors
    bl      main
    bl      kit_power_off
3:  wfi
    b       3b

    .text
// PSCI CPU_ON entry: X0 = context ID = this CPU's stack top.
    .global kit_secondary_entry
kit_secondary_entry:
    mov     sp, x0
    mov     x0, #(3 << 20)
    msr     cpacr_el1, x0
    isb
    bl      install_vectors
    mrs     x0, mpidr_el1
    and     x0, x0, #0xFF
    bl      kit_secondary_main
4:  wfi
    b       4b

// void kit_run_el0(void (*code)(void), struct kit_el0_regs *regs): runs `code` at EL0t with X0-X4 from regs and
// interrupts masked; the code ends with SVC #0, whose handler (kit.c) stores X0-X3 into regs and resumes at
// kit_el0_return with this function's callee-saved registers intact.
    .global kit_run_el0
kit_run_el0:
    ldr     x9, =kit_el0_save
    stp     x19, x20, [x9, #0]
    stp     x21, x22, [x9, #16]
    stp     x23, x24, [x9, #32]
    stp     x25, x26, [x9, #48]
    stp     x27, x28, [x9, #64]
    stp     x29, x30, [x9, #80]
    mov     x10, sp
    str     x10, [x9, #96]
    str     x1, [x9, #104]
    msr     elr_el1, x0
    // SPSR_EL1: M[3:0] = 0 (EL0t), D, A, I, F masked (DDI0487 C5.2.18).
    mov     x10, #0x3C0
    msr     spsr_el1, x10
    ldr     x10, =kit_el0_stack_top
    msr     sp_el0, x10
    ldp     x0, x1, [x1, #0]
    ldr     x9, =kit_el0_save
    ldr     x9, [x9, #104]
    ldp     x2, x3, [x9, #16]
    ldr     x4, [x9, #32]
    eret

    .global kit_el0_return
kit_el0_return:
    ldr     x9, =kit_el0_save
    ldp     x19, x20, [x9, #0]
    ldp     x21, x22, [x9, #16]
    ldp     x23, x24, [x9, #32]
    ldp     x25, x26, [x9, #48]
    ldp     x27, x28, [x9, #64]
    ldp     x29, x30, [x9, #80]
    ldr     x10, [x9, #96]
    mov     sp, x10
    ret

    .bss
    .balign 16
    .global kit_el0_save
kit_el0_save:
    .skip   112
    .balign 16
kit_el0_stack:
    .skip   1024
kit_el0_stack_top:
