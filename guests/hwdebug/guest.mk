# hw-debug: a static Linux arm64 program for the Linux-side hardware breakpoint/watchpoint test (issue 17, docs/debugging.md).
$(BUILD)/hw-debug: hwdebug/hw-debug.c hwdebug/guest.mk
	@mkdir -p $(BUILD)
	$(CC) -O2 -static -Wall -Wextra -Werror -o $@ hwdebug/hw-debug.c
ALL += $(BUILD)/hw-debug
