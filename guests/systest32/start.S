// systest32 entry, vectors and helpers (QEMU virt -cpu cortex-a15 or Armvisor --cpu cortex-a15: SVC mode, MMU off).
    .syntax unified
    .arm
    .arch armv7ve
    .arch_extension virt
    .arch_extension sec
    .section .text.boot, "ax"
    .global _start
_start:
    // A stack per mode: CPS to each one (DDI0487 F5.1.x CPS), then back to SVC.
    cps     #0x17
    ldr     sp, =__abt_stack_top
    cps     #0x1b
    ldr     sp, =__und_stack_top
    cps     #0x12
    ldr     sp, =__irq_stack_top
    cps     #0x13
    ldr     sp, =__stack_top
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0      // VBAR
    isb
    bl      main
    bl      psci_system_off
2:  wfi
    b       2b

    .global psci_system_off
psci_system_off:
    ldr     r0, =0x84000008
    hvc     #0
3:  wfi
    b       3b

// The vector table: also copied at 0xFFFF0000 through the MMU for the SCTLR.V test (a 4 KiB page of its own).
    .section .text.vectors, "ax"
    .balign 4096
    .global vectors
vectors:
    b       .               // reset
    b       vec_und
    b       vec_svc
    b       vec_pabt
    b       vec_dabt
    b       .               // hyp trap (unused)
    b       vec_irq
    b       .               // fiq

vec_und:
    push    {r0-r3, r12, lr}
    mov     r0, lr
    mrs     r1, spsr
    bl      on_undefined
    pop     {r0-r3, r12, lr}
    movs    pc, lr          // LR = the UNDEFINED instruction + 4: continue after it

vec_svc:
    push    {r0-r3, r12, lr}
    mov     r0, lr
    mrs     r1, spsr
    bl      on_svc
    pop     {r0-r3, r12, lr}
    movs    pc, lr

vec_dabt:
    push    {r0-r3, r12, lr}
    mov     r0, lr
    mrs     r1, spsr
    bl      on_data_abort
    pop     {r0-r3, r12, lr}
    subs    pc, lr, #4      // LR = the faulting instruction + 8: skip it

vec_pabt:
    push    {r0-r3, r12, lr}
    mov     r0, lr
    mrs     r1, spsr
    bl      on_prefetch_abort
    pop     {r0-r3, r12, lr}
    // Back to SVC mode at try_recover (SPSR_abt holds the SVC-mode CPSR of the caller).
    ldr     lr, =try_recover + 4
    subs    pc, lr, #4

vec_irq:
    b       .

    .text
// int try_call(void (*target)(void)): calls target; 1 if it took a prefetch abort (resumed at try_recover), else 0.
    .global try_call
try_call:
    push    {r4-r11, lr}
    ldr     r1, =recovery_sp
    str     sp, [r1]
    blx     r0
    mov     r0, #0
    pop     {r4-r11, pc}
try_recover:
    ldr     r1, =recovery_sp
    ldr     sp, [r1]
    mov     r0, #1
    pop     {r4-r11, pc}

// uint32_t probe_read(uint32_t address): the word, or 0xDEADDEAD if the load aborted (the handler skips it).
    .global probe_read
probe_read:
    mov     r1, r0
    ldr     r0, =0xDEADDEAD
    ldr     r0, [r1]
    bx      lr

// void probe_write(uint32_t address, uint32_t value): a store (the abort handler skips it if it faults).
    .global probe_write
probe_write:
    str     r1, [r0]
    bx      lr

// uint32_t probe_unaligned(uint32_t address): an unaligned LDR (SCTLR.A decides whether it faults).
    .global probe_unaligned
probe_unaligned:
    mov     r1, r0
    ldr     r0, =0xDEADDEAD
    ldr     r0, [r1]
    bx      lr

    .global do_svc
do_svc:
    push    {lr}            // an SVC taken in SVC mode overwrites LR_svc
    svc     #0x123456
    pop     {pc}

    .global do_udf
do_udf:
    udf     #0x42
    bx      lr

    .global do_bkpt
do_bkpt:
    bkpt    #0x17
    bx      lr

// Reads SP and LR of IRQ mode from IRQ mode (CPS there and back), and SPSR_irq through the banked MRS (ARMv7VE).
// (The banked MRS of SP_irq/LR_irq is not used: qemu-system-arm 7.2 returns other registers' values for it.)
    .global read_irq_banked
read_irq_banked:
    mrs     r3, cpsr
    cps     #0x12
    str     sp, [r0]
    str     lr, [r0, #4]
    msr     cpsr_c, r3
    mrs     r1, spsr_irq
    str     r1, [r0, #8]
    bx      lr

// Switches to IRQ mode, sets LR_irq and SPSR_irq, comes back: the SVC registers must be untouched.
    .global poke_irq_mode
poke_irq_mode:
    mrs     r2, cpsr
    cps     #0x12
    mov     lr, r0
    msr     spsr_fsxc, r1
    msr     cpsr_c, r2
    bx      lr

    .section .note.GNU-stack, "", %progbits
