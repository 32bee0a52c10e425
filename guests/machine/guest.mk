# Machine integration guests (issue 3): SMP bring-up through PSCI on the virt board.
include wfe/kit/kit.mk
$(eval $(call kit_guest,machine-smp,machine/smp.c,-mno-outline-atomics))
