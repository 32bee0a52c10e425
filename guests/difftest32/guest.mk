# difftest32: the AArch32 random-instruction runner (tests/Armvisor.Integration.Tests/Differential32), built when
# Debian's gcc-arm-linux-gnueabihf is installed.
CROSS32 ?= arm-linux-gnueabihf-
ifneq ($(shell command -v $(CROSS32)gcc 2>/dev/null),)
DIFFTEST32_SRCS := difftest32/runner.S wfe/aarch32/rt32.c difftest32/runner.c
$(BUILD)/difftest32.elf: $(DIFFTEST32_SRCS) difftest32/layout.h wfe/aarch32/rt32.h difftest32/runner.ld
	@mkdir -p $(BUILD)
	$(CROSS32)gcc -O2 -marm -march=armv7ve -mfloat-abi=soft -ffreestanding -nostdlib -nostartfiles -fno-pic -static \
	  -fno-unwind-tables -fno-asynchronous-unwind-tables -Wall -Werror -Iwfe/aarch32 -Idifftest32 \
	  -T difftest32/runner.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments -o $@ $(DIFFTEST32_SRCS)
ALL += $(BUILD)/difftest32.elf
endif
