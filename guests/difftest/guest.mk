# The random-instruction runner: assembled alone (no common runtime), linked at 0x40000000, raw binary for the generator.
$(BUILD)/difftest-runner.elf: difftest/runner.S difftest/layout.h difftest/runner.ld Makefile
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS) -Idifftest -T difftest/runner.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments -o $@ difftest/runner.S
$(BUILD)/difftest-runner.bin: $(BUILD)/difftest-runner.elf
	$(OBJCOPY) -O binary $< $@
ALL += $(BUILD)/difftest-runner.elf $(BUILD)/difftest-runner.bin
