// The scheduler guest's EL1 vector table (DDI0487 D1.10.2): like guests/common/vectors.S, but the C handler returns
// the frame to restore, which may be another context's (its saved registers sit on its own stack): a context switch
// is returning through a different frame.
    .macro  entry, index
    .balign 0x80
    sub     sp, sp, #(36 * 8)
    stp     x0, x1, [sp, #0]
    mov     x1, #\index
    b       sched_vector_common
    .endm

    .section .vectors, "ax"
    .global sched_vector_table
    .balign 2048
sched_vector_table:
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    entry \n
    .endr

sched_vector_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    add     x2, sp, #(36 * 8)
    stp     x30, x2, [sp, #240]
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x2, x3, [sp, #256]
    mrs     x2, esr_el1
    mrs     x3, far_el1
    stp     x2, x3, [sp, #272]
    // The frame stays on the interrupted context's stack; the handler runs on this CPU's own stack (its top in
    // TPIDRRO_EL0), because once the context is queued another CPU may resume it and reuse its stack at once.
    mov     x0, sp
    mrs     x2, tpidrro_el0
    mov     sp, x2
    bl      sched_exception
    mov     sp, x0
    ldp     x2, x3, [sp, #256]
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #(36 * 8)
    eret

    .text
    .global sched_install_vectors
sched_install_vectors:
    adr     x0, sched_vector_table
    msr     vbar_el1, x0
    isb
    ret
