// The AArch32 random-instruction runner: run_case() loads R0-R12 and APSR from a case, executes its instruction in
// a code slot followed by a branch back, and saves R0-R12 and APSR; an UNDEFINED instruction, prefetch or data abort
// saves the state at the exception instead and reports its kind. R13-R15 are never operands of the generated cases.
// FP cases (job flag) also load FPSCR and D0-D15 (D16-D31 = the same 128 bytes) from the case, and every case saves
// D0-D31 and FPSCR to g_fpsave after the instruction or at its exception.
// T32 cases (job flag) run in a slot of T32 code entered by BX to slot + 1, which ends with a B.W to case_done_t32.
    .syntax unified
    .arm
    .arch armv7ve
    .fpu neon-vfpv4
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
    mov     r0, #0xF00000       // CPACR: cp10 and cp11 full access
    mcr     p15, 0, r0, c1, c0, 2
    isb
    ldr     r1, =g_id           // the FP identification at reset and after FPEXC.EN is set (printed by main)
    vmrs    r0, fpexc
    str     r0, [r1]
    mov     r0, #0x40000000     // FPEXC.EN
    vmsr    fpexc, r0
    vmrs    r0, fpexc
    str     r0, [r1, #4]
    vmrs    r0, fpsid
    str     r0, [r1, #8]
    vmrs    r0, mvfr0
    str     r0, [r1, #12]
    vmrs    r0, mvfr1
    str     r0, [r1, #16]
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
    ldr     r2, =g_fp
    ldr     r2, [r2]
    cmp     r2, #0
    beq     1f
    ldr     r2, [r0, #60]
    vmsr    fpscr, r2
    add     r2, r0, #64
    vldm    r2, {d0-d15}
    vldm    r2, {d16-d31}
1:  ldr     r2, [r0, #52]
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
case_done_a32:
    bl      save_fp
    mov     r0, #0
    b       case_saved

// The T32 slot's branch lands here: the same save as case_done, then on in A32 code.
    .thumb
    .thumb_func
    .global case_done_t32
case_done_t32:
    push    {r0-r12}
    mrs     r0, apsr
    push    {r0}
    ldr     r1, =case_done_a32
    bx      r1
    .ltorg
    .arm
    .balign 4

vec_und:
    push    {r0-r12}
    mrs     r0, spsr
    push    {r0}
    bl      save_fp
    mov     r0, #1
    b       exception_saved
vec_pabt:
    push    {r0-r12}
    mrs     r0, spsr
    push    {r0}
    bl      save_fp
    mov     r0, #3
    mrc     p15, 0, r1, c5, c0, 1
    mrc     p15, 0, r2, c6, c0, 2
    b       fault_saved
vec_dabt:
    push    {r0-r12}
    mrs     r0, spsr
    push    {r0}
    bl      save_fp
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

// Saves D0-D31 and FPSCR to g_fpsave (r0, r1 are free: the case's registers are on the stack).
save_fp:
    ldr     r0, =g_fpsave
    vstm    r0!, {d0-d15}
    vstm    r0!, {d16-d31}
    vmrs    r1, fpscr
    str     r1, [r0]
    bx      lr

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
