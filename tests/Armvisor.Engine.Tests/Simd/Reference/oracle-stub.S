// Execution stub for the QEMU reference oracle (see README.md): x0 = state block.
// Layout: q0..q3 (64 bytes), fpcr, fpsr, nzcv, x0..x3 (8 bytes each).
    .text
    .global stub_begin, stub_slot, stub_end
stub_begin:
    mov x9, x0
    ldp q0, q1, [x9, #0]
    ldp q2, q3, [x9, #32]
    ldr x10, [x9, #64]
    msr fpcr, x10
    ldr x10, [x9, #72]
    msr fpsr, x10
    ldr x10, [x9, #80]
    msr nzcv, x10
    ldp x0, x1, [x9, #88]
    ldp x2, x3, [x9, #104]
stub_slot:
    nop
    stp q0, q1, [x9, #0]
    stp q2, q3, [x9, #32]
    mrs x10, fpsr
    str x10, [x9, #72]
    mrs x10, nzcv
    str x10, [x9, #80]
    stp x0, x1, [x9, #88]
    stp x2, x3, [x9, #104]
    ret
stub_end:
