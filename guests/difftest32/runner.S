// The AArch32 random-instruction runner: run_case() loads R0-R12 and APSR from a case, executes its instruction in
// a code slot followed by a branch back, and saves R0-R12 and APSR; an UNDEFINED instruction, prefetch or data abort
// saves the state at the exception instead and reports its kind. R13-R15 are never operands of the generated cases.
// In T32 mode (job word 4) the slot holds T32 code entered by BX to slot + 1, ending with a B.W to case_done_t32.
    .syntax unified
    .arm
    .arch armv7ve
    .section .text.boot, "ax"
    .global _start
_start:
    cps     #0x17
    ldr     sp, =__abt_stack_top
    cps     #0x1b
    ldr     sp, =__und_stack_top
    cps     #0x13
    ldr     sp, =__stack_top
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0
    isb
    bl      main
    ldr     r0, =0x84000008
    hvc     #0
2:  wfi
    b       2b

    .balign 32
vectors:
    b       .
    b       vec_und
    b       .
    b       vec_pabt
    b       vec_dabt
    b       .
    b       .
    b       .

// uint32_t run_case(const uint32_t *rec, uint32_t *save): 0 completed, 1 UNDEFINED, 3 prefetch abort, 4 data abort.
    .global run_case
run_case:
    push    {r4-r11, lr}
    ldr     r2, =g_sp
    str     sp, [r2]
    ldr     r2, =g_save
    str     r1, [r2]
    clrex                   // each case starts with the local monitor open (no history between cases)
    ldr     r2, [r0, #52]
    msr     APSR_nzcvqg, r2
    ldr     lr, =g_entry    // code_slot (A32) or code_slot + 1 (T32); LR is saved above and never a case operand
    ldr     lr, [lr]
    ldm     r0, {r0-r12}
    bx      lr
    .global case_done
case_done:
    push    {r0-r12}
    mrs     r0, apsr
    push    {r0}
    mov     r0, #0
    b       case_saved

// The T32 slot's branch lands here: the same save as case_done, then back to A32 code.
    .thumb
    .thumb_func
    .global case_done_t32
case_done_t32:
    push    {r0-r12}
    mrs     r0, apsr
    push    {r0}
    movs    r0, #0
    ldr     r1, =case_saved
    bx      r1
    .ltorg
    .arm
    .balign 4

vec_und:
    push    {r0-r12}
    mrs     r0, spsr
    push    {r0}
    mov     r0, #1
    b       exception_saved
vec_pabt:
    push    {r0-r12}
    mrs     r0, spsr
    push    {r0}
    mov     r0, #3
    mrc     p15, 0, r1, c5, c0, 1
    mrc     p15, 0, r2, c6, c0, 2
    b       fault_saved
vec_dabt:
    push    {r0-r12}
    mrs     r0, spsr
    push    {r0}
    mov     r0, #4
    mrc     p15, 0, r1, c5, c0, 0
    mrc     p15, 0, r2, c6, c0, 0
fault_saved:
    ldr     r3, =g_fsr
    str     r1, [r3]
    str     r2, [r3, #4]
exception_saved:
    // Copy the 14 words to the save area, back to SVC mode, leave run_case.
    bl      copy_saved
    add     sp, sp, #56
    cps     #0x13
    b       case_exit

case_saved:
    bl      copy_saved
    add     sp, sp, #56
case_exit:
    ldr     r2, =g_sp
    ldr     sp, [r2]
    pop     {r4-r11, pc}

// Copies [sp] (APSR, R0..R12 as pushed) to *g_save as R0..R12, APSR; keeps r0.
copy_saved:
    ldr     r1, =g_save
    ldr     r1, [r1]
    ldr     r2, [sp]
    str     r2, [r1, #52]
    mov     r3, #0
3:  add     r2, sp, r3, lsl #2
    ldr     r2, [r2, #4]
    str     r2, [r1, r3, lsl #2]
    add     r3, r3, #1
    cmp     r3, #13
    blt     3b
    bx      lr

    .section .text.slot, "ax"
    .balign 4096
    .global code_slot
code_slot:
    .word   0xe320f000      // nop (the case's instruction)
    .word   0xe320f000      // b case_done (written by main)
    .balign 4096

    .section .note.GNU-stack, "", %progbits
