# dacr: the AArch32 DACR-virtualization guest (patents.md §6(e) tests 1-6, and a DACR-heavy uaccess loop for the
# benchmark), built when Debian's gcc-arm-linux-gnueabihf is installed. The same lines on qemu-system-arm -M virt
# -cpu cortex-a15 and on Armvisor with every --dacr-virtualization mode; "dacr-scenario=N" in the bootargs (DTB in R2)
# runs scenario N only (0: the setup alone), for the counter tests.
CROSS32 ?= arm-linux-gnueabihf-
ifneq ($(shell command -v $(CROSS32)gcc 2>/dev/null),)
DACR_SRCS := dacr/start.S wfe/aarch32/rt32.c dacr/dacr.c
$(BUILD)/dacr.elf: $(DACR_SRCS) wfe/aarch32/rt32.h dacr/link.ld
	@mkdir -p $(BUILD)
	$(CROSS32)gcc -O2 -marm -march=armv7ve -mfloat-abi=soft -ffreestanding -nostdlib -nostartfiles -fno-pic -static \
	  -fno-unwind-tables -fno-asynchronous-unwind-tables -Wall -Werror -Iwfe/aarch32 \
	  -T dacr/link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments -o $@ $(DACR_SRCS)
ALL += $(BUILD)/dacr.elf
# dacr-bench.elf: the same guest running only the uaccess loop (200000 iterations, 2 DACR writes each), for
# scripts/bench-dacr.sh on QEMU and Armvisor side by side.
$(BUILD)/dacr-bench.elf: $(DACR_SRCS) wfe/aarch32/rt32.h dacr/link.ld
	@mkdir -p $(BUILD)
	$(CROSS32)gcc -O2 -marm -march=armv7ve -mfloat-abi=soft -ffreestanding -nostdlib -nostartfiles -fno-pic -static \
	  -fno-unwind-tables -fno-asynchronous-unwind-tables -Wall -Werror -Iwfe/aarch32 -DDACR_BENCH_ITERATIONS=200000 \
	  -T dacr/link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments -o $@ $(DACR_SRCS)
ALL += $(BUILD)/dacr-bench.elf
endif
