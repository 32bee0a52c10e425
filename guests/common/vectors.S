// EL1 vector table (DDI0487 D1.10.2): 16 entries of 0x80 bytes; 0x000 current EL SP0, 0x200 current EL SPx,
// 0x400 lower EL AArch64, 0x600 lower EL AArch32; within each group sync, IRQ, FIQ, SError.
// Every entry saves an exception_frame on the current stack and calls a C handler with (frame, vector index).

    .macro  entry, index, handler
    .balign 0x80
    sub     sp, sp, #(36 * 8)
    stp     x0, x1, [sp, #0]
    mov     x1, #\index
    b       \handler
    .endm

    .section .vectors, "ax"
    .global vector_table
    .balign 2048
vector_table:
    entry 0, save_sync
    entry 1, save_irq
    entry 2, save_irq
    entry 3, save_irq
    entry 4, save_sync
    entry 5, save_irq
    entry 6, save_irq
    entry 7, save_irq
    entry 8, save_sync
    entry 9, save_irq
    entry 10, save_irq
    entry 11, save_irq
    entry 12, save_sync
    entry 13, save_irq
    entry 14, save_irq
    entry 15, save_irq

    .text
// x1 = vector index; x0/x1 of the interrupted context are at [sp].
save_frame:
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
    ret

restore_frame:
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

save_sync:
    mov     x0, x30
    bl      save_frame
    str     x0, [sp, #240]
    mov     x0, sp
    bl      sync_exception
    b       restore_frame

save_irq:
    mov     x0, x30
    bl      save_frame
    str     x0, [sp, #240]
    mov     x0, sp
    bl      irq_exception
    b       restore_frame

    .global install_vectors
install_vectors:
    adr     x0, vector_table
    msr     vbar_el1, x0
    isb
    ret
