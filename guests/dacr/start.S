// dacr guest entry, vectors and helpers (QEMU virt -cpu cortex-a15 or Armvisor --cpu cortex-a15: SVC mode, MMU off).
// Like systest32's, plus user_call: runs a function in User mode (SVC #0xFF comes back).
    .syntax unified
    .arm
    .arch armv7ve
    .arch_extension virt
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     r3, =boot_dtb           // R2 = the DTB (Armvisor; QEMU's bare-metal ELF boot leaves it unset)
    str     r2, [r3]
    cps     #0x17
    ldr     sp, =__abt_stack_top
    cps     #0x1b
    ldr     sp, =__und_stack_top
    cps     #0x1f                   // System mode: SP_usr
    ldr     sp, =__usr_stack_top
    cps     #0x13
    ldr     sp, =__stack_top
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0  // VBAR
    isb
    bl      main
    ldr     r0, =0x84000008         // PSCI SYSTEM_OFF
    hvc     #0
2:  wfi
    b       2b

    .section .text.vectors, "ax"
    .balign 32
    .global vectors
vectors:
    b       .
    b       .
    b       vec_svc
    b       vec_pabt
    b       vec_dabt
    b       .
    b       .
    b       .

// SVC #0xFF from User mode ends user_call (R0 = the function's result); others are unexpected.
vec_svc:
    ldr     r12, [lr, #-4]
    bic     r12, r12, #0xFF000000
    cmp     r12, #0xFF
    bne     .
    ldr     r1, =user_return_sp
    ldr     sp, [r1]
    pop     {r4-r11, pc}

vec_dabt:
    push    {r0-r3, r12, lr}
    mrs     r1, spsr
    bl      on_data_abort
    pop     {r0-r3, r12, lr}
    subs    pc, lr, #4              // LR = the faulting instruction + 8: skip it

vec_pabt:
    b       .

    .text
// uint32_t user_call(uint32_t (*fn)(uint32_t), uint32_t arg): fn(arg) in User mode, IRQ/FIQ masked.
    .global user_call
user_call:
    push    {r4-r11, lr}
    ldr     r2, =user_return_sp
    str     sp, [r2]
    mov     r2, #0xD0               // User mode, I and F set
    msr     spsr_cxsf, r2
    mov     r4, r0
    mov     r0, r1
    ldr     lr, =user_trampoline
    movs    pc, lr
user_trampoline:
    blx     r4
    svc     #0xFF

// uint32_t probe_read(uint32_t address): the word (an aborting load is skipped by the handler).
    .global probe_read
probe_read:
    mov     r1, r0
    ldr     r0, =0xDEADDEAD
    ldr     r0, [r1]
    bx      lr

// uint32_t probe_write(uint32_t address, uint32_t value): a store (skipped if it aborts); returns 0.
    .global probe_write
probe_write:
    str     r1, [r0]
    mov     r0, #0
    bx      lr

// uint32_t probe_read_t(uint32_t address): LDRT, the load with User permissions from a privileged mode.
    .global probe_read_t
probe_read_t:
    mov     r1, r0
    ldr     r0, =0xDEADDEAD
    ldrt    r0, [r1]
    bx      lr

    .section .note.GNU-stack, "", %progbits
