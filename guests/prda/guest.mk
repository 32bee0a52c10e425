# PRDA guests (patents.md §3(e)): the guest kit's scheduler with deferred preemption, and its control build without;
# prda-spin, the spinlock benchmark of issue 14 (scripts/bench-prda.sh).
# Linked with prda/prda.ld (guest.ld plus .text.nonpreempt); see docs/guest-kit.md.
include wfe/kit/kit.mk
PRDA_SRCS := prda/sched.c prda/sched_vectors.S prda/prda_test.c prda/prda_map.c
PRDA_DEPS := $(PRDA_SRCS) prda/sched.h prda/prda_map.h prda/prda.ld $(KIT_DEPS)
PRDA_FLAGS := $(CFLAGS) -mno-outline-atomics $(KIT_CFLAGS) -Iprda $(filter-out -T common/guest.ld,$(LDFLAGS)) -T prda/prda.ld
$(BUILD)/prda-sched.elf: $(PRDA_DEPS)
	@mkdir -p $(BUILD)
	$(CC) $(PRDA_FLAGS) -DSCHED_DEFERRAL=1 -o $@ $(KIT_SRCS) $(PRDA_SRCS)
$(BUILD)/prda-sched-nodefer.elf: $(PRDA_DEPS)
	@mkdir -p $(BUILD)
	$(CC) $(PRDA_FLAGS) -DSCHED_DEFERRAL=0 -o $@ $(KIT_SRCS) $(PRDA_SRCS)
PRDA_SPIN_SRCS := prda/spin.c prda/prda_map.c
$(BUILD)/prda-spin.elf: $(PRDA_SPIN_SRCS) prda/prda_map.h prda/prda.ld $(KIT_DEPS)
	@mkdir -p $(BUILD)
	$(CC) $(PRDA_FLAGS) -o $@ $(KIT_SRCS) $(PRDA_SPIN_SRCS)
ALL += $(BUILD)/prda-sched.elf $(BUILD)/prda-sched-nodefer.elf $(BUILD)/prda-spin.elf
