# armvisor-guest: a static Linux arm64 program (Debian's cross gcc ships the libc) for the Linux guest of issue 4.
# Not a bare-metal guest, so it has its own rule (no guests/common). See docs/guest-kit.md.
$(BUILD)/armvisor-guest: armvisor-guest/armvisor-guest.c $(wildcard ../guestkit/include/armvisor/*.h) armvisor-guest/guest.mk
	@mkdir -p $(BUILD)
	$(CC) -O2 -static -Wall -Wextra -Werror -I../guestkit/include -o $@ armvisor-guest/armvisor-guest.c
ALL += $(BUILD)/armvisor-guest
