// AArch32 entry for wfe-discover32 (QEMU virt, -cpu cortex-a15: SVC mode, MMU off, interrupts masked).
    .syntax unified
    .arm
    .arch_extension virt
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     sp, =__stack_top
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    bl      main
    bl      psci_system_off
2:  wfi
    b       2b

// PSCI SYSTEM_OFF over HVC (DEN0022 5.1; QEMU's virt board answers HVC #0 itself).
    .text
    .global psci_system_off
psci_system_off:
    ldr     r0, =0x84000008
    hvc     #0
3:  wfi
    b       3b

    .section .note.GNU-stack, "", %progbits
