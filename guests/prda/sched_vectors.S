// The scheduler guest's EL1 vector table (DDI0487 D1.10.2): like guests/common/vectors.S, but the C handler returns
// the frame to restore, which may be another context's (its saved registers sit on its own stack): a context switch
// is returning through a different frame.
#include "exception_frame.h"
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
    FRAME_SAVE
    // The frame stays on the interrupted context's stack; the handler runs on this CPU's own stack (its top in
    // TPIDRRO_EL0), because once the context is queued another CPU may resume it and reuse its stack at once.
    mov     x0, sp
    mrs     x2, tpidrro_el0
    mov     sp, x2
    bl      sched_exception
    mov     sp, x0
    FRAME_RESTORE

    .text
    .global sched_install_vectors
sched_install_vectors:
    adr     x0, sched_vector_table
    msr     vbar_el1, x0
    isb
    ret
