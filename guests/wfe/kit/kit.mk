# Guest-kit build rules, included by guests/wfe/guest.mk and guests/pnmi/guest.mk (whichever comes first).
# $(call kit_guest,NAME,SOURCES[,EXTRA_CFLAGS]) builds $(BUILD)/NAME.elf from the common runtime (without its start.S),
# the kit runtime (kit_start.S, kit.c) and SOURCES, with guestkit/include on the include path.
ifndef GUESTKIT_KIT_MK
GUESTKIT_KIT_MK := 1
KIT_DIR := wfe/kit
KIT_SRCS := $(KIT_DIR)/kit_start.S $(KIT_DIR)/kit.c $(filter-out common/start.S,$(COMMON_SRCS))
KIT_DEPS := $(KIT_SRCS) $(KIT_DIR)/kit.h $(KIT_DIR)/kit.mk common/guest.h common/guest.ld Makefile \
            $(wildcard ../guestkit/include/armvisor/*.h)
KIT_CFLAGS := -I$(KIT_DIR) -I../guestkit/include

define kit_guest
$(BUILD)/$(1).elf: $(2) $(KIT_DEPS) $(wildcard $(dir $(firstword $(2)))*.h)
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS) $(KIT_CFLAGS) $(3) $(LDFLAGS) -o $$@ $(KIT_SRCS) $(2)
ALL += $(BUILD)/$(1).elf
endef
endif
