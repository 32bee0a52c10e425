// EL1 vector table (DDI0487 D1.10.2): 16 entries of 0x80 bytes; 0x000 current EL SP0, 0x200 current EL SPx,
// 0x400 lower EL AArch64, 0x600 lower EL AArch32; within each group sync, IRQ, FIQ, SError.
// Every entry saves an exception_frame on the current stack and calls a C handler with (frame, vector index).
#include "exception_frame.h"

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
    FRAME_SAVE
    ret

restore_frame:
    FRAME_RESTORE

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
