// run_at_el0(fn, stack): enter fn at EL0t with SP_EL0 = stack (ERET, DDI0487 D1.10.3); the EL1 handler turns
// SVC #0xFFFF from EL0 into an exception return to el0_exit, which restores the caller's frame.
    .text
    .global run_at_el0
    .global el0_exit
run_at_el0:
    stp     x29, x30, [sp, #-96]!
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    ldr     x2, =saved_el1_sp
    mov     x3, sp
    str     x3, [x2]
    msr     sp_el0, x1
    msr     elr_el1, x0
    mov     x0, #0                 // SPSR: EL0t, DAIF clear, NZCV 0
    msr     spsr_el1, x0
    eret
el0_exit:
    ldr     x2, =saved_el1_sp
    ldr     x3, [x2]
    mov     sp, x3
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     x29, x30, [sp], #96
    ret
    .ltorg

    .data
    .balign 8
saved_el1_sp: .quad 0
