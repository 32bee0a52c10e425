// Guest entry: EL1, MMU off, PSTATE.DAIF masked (QEMU -kernel on an ELF, and Armvisor's BareMetalHarness).
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =__stack_top
    mov     sp, x0
    // CPACR_EL1.FPEN = 0b11: FP/AdvSIMD does not trap at EL0/EL1 (DDI0487 D17.2.30).
    mov     x0, #(3 << 20)
    msr     cpacr_el1, x0
    isb
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  bl      install_vectors
    bl      main
    bl      psci_system_off
3:  wfi
    b       3b
