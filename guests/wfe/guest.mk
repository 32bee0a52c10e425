# WFE-channel test guests (patents.md §1(e), §2(e)); see docs/guest-kit.md for what each prints.
include wfe/kit/kit.mk
$(eval $(call kit_guest,wfe-discover,wfe/discover.c))
$(eval $(call kit_guest,wfe-random,wfe/random.c))
$(eval $(call kit_guest,wfe-smp,wfe/smp.c))
$(eval $(call kit_guest,wfe-el0,wfe/el0.c wfe/el0.S))
$(eval $(call kit_guest,wfe-watchdog,wfe/watchdog.c))

# The AArch32 client (ARMv8-A in AArch32 state), built when Debian's gcc-arm-linux-gnueabihf is installed; run it with
# qemu-system-arm -M virt -cpu max -nographic -nic none -kernel build/wfe-discover32.elf
CROSS32 ?= arm-linux-gnueabihf-
ifneq ($(shell command -v $(CROSS32)gcc 2>/dev/null),)
WFE32_SRCS := wfe/aarch32/start32.S wfe/aarch32/rt32.c wfe/aarch32/discover32.c
$(BUILD)/wfe-discover32.elf: $(WFE32_SRCS) wfe/aarch32/rt32.h wfe/aarch32/link32.ld ../guestkit/include/armvisor/wfe_channel.h
	@mkdir -p $(BUILD)
	$(CROSS32)gcc -O2 -marm -march=armv8-a -mfloat-abi=soft -ffreestanding -nostdlib -nostartfiles -fno-pic -static \
	  -fno-unwind-tables -fno-asynchronous-unwind-tables -Wall -Werror -Iwfe/aarch32 -I../guestkit/include \
	  -T wfe/aarch32/link32.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments -o $@ $(WFE32_SRCS)
ALL += $(BUILD)/wfe-discover32.elf
endif
