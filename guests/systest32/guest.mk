# systest32: the AArch32 system guest (exceptions, short-descriptor MMU with domains, exclusives, integer results),
# built when Debian's gcc-arm-linux-gnueabihf is installed; the same lines on
# qemu-system-arm -M virt -cpu cortex-a15 -nographic -nic none -kernel build/systest32.elf and on Armvisor.
CROSS32 ?= arm-linux-gnueabihf-
ifneq ($(shell command -v $(CROSS32)gcc 2>/dev/null),)
SYSTEST32_SRCS := systest32/start.S wfe/aarch32/rt32.c systest32/systest32.c
$(BUILD)/systest32.elf: $(SYSTEST32_SRCS) wfe/aarch32/rt32.h systest32/link.ld
	@mkdir -p $(BUILD)
	$(CROSS32)gcc -O2 -marm -march=armv7ve -mfloat-abi=soft -ffreestanding -nostdlib -nostartfiles -fno-pic -static \
	  -fno-unwind-tables -fno-asynchronous-unwind-tables -Wall -Werror -Iwfe/aarch32 \
	  -T systest32/link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments -o $@ $(SYSTEST32_SRCS)
ALL += $(BUILD)/systest32.elf
endif
