# The engine benchmark suite (scripts/bench-engine.sh). Our own programs: mixed (MMU off), div, fp. Ports of public
# benchmarks whose source is fetched into $(BENCH_SRC), never committed: CoreMark (github.com/eembc/coremark) and
# Dhrystone 2.1 (github.com/sifive/benchmark-dhrystone); they are built only when their source is there.
# FP and AdvSIMD registers are allowed here (no -mgeneral-regs-only); -fno-math-errno makes sqrt one FSQRT.
BENCH_SRC ?= $(HOME)/.cache/armvisor/bench-src
SUITE_CFLAGS := $(filter-out -mgeneral-regs-only,$(CFLAGS)) -fno-math-errno -Isuite
SUITE_DEPS := $(COMMON_DEPS) suite/suite.h suite/guest.mk

define suite_guest
$(BUILD)/suite-$(1).elf: $(2) $(SUITE_DEPS)
	@mkdir -p $(BUILD)
	$(CC) $(SUITE_CFLAGS) $(LDFLAGS) -o $$@ $(COMMON_SRCS) $(2)
ALL += $(BUILD)/suite-$(1).elf
endef

$(eval $(call suite_guest,mixed,suite/mixed.c))
$(eval $(call suite_guest,div,suite/div.c))
$(eval $(call suite_guest,fp,suite/fp.c))

COREMARK_SRC := $(BENCH_SRC)/coremark
ifneq ($(wildcard $(COREMARK_SRC)/core_main.c),)
COREMARK_C := $(addprefix $(COREMARK_SRC)/,core_list_join.c core_main.c core_matrix.c core_state.c core_util.c)
$(BUILD)/suite-coremark.elf: $(COREMARK_C) suite/coremark/core_portme.c suite/coremark/core_portme.h $(SUITE_DEPS)
	@mkdir -p $(BUILD)
	$(CC) $(SUITE_CFLAGS) -Isuite/coremark -I$(COREMARK_SRC) -DPERFORMANCE_RUN=1 -DITERATIONS=0 -Wno-error \
	    $(LDFLAGS) -o $@ $(COMMON_SRCS) $(COREMARK_C) suite/coremark/core_portme.c
ALL += $(BUILD)/suite-coremark.elf
endif

DHRY_SRC := $(BENCH_SRC)/dhrystone
ifneq ($(wildcard $(DHRY_SRC)/dhry_1.c),)
# K&R C (1988): implicit int and declarations are the program's own style, so those warnings are off for it alone.
DHRY_CFLAGS := $(filter-out -Wall -Werror,$(SUITE_CFLAGS)) -std=gnu89 -DTIME -DNOENUM -DDHRY_ITERS='dhry_runs()' \
    -fno-builtin-printf -fno-builtin-strcpy -fno-builtin-strcmp -fno-inline-functions -w -I$(DHRY_SRC)
$(BUILD)/suite-dhrystone.elf: $(DHRY_SRC)/dhry_1.c $(DHRY_SRC)/dhry_2.c suite/dhrystone/dhry_port.c $(SUITE_DEPS)
	@mkdir -p $(BUILD)/dhry
	$(CC) $(DHRY_CFLAGS) -Dmain=dhrystone_main -c -o $(BUILD)/dhry/dhry_1.o $(DHRY_SRC)/dhry_1.c
	$(CC) $(DHRY_CFLAGS) -c -o $(BUILD)/dhry/dhry_2.o $(DHRY_SRC)/dhry_2.c
	$(CC) $(SUITE_CFLAGS) $(LDFLAGS) -o $@ $(COMMON_SRCS) suite/dhrystone/dhry_port.c $(BUILD)/dhry/dhry_1.o \
	    $(BUILD)/dhry/dhry_2.o
ALL += $(BUILD)/suite-dhrystone.elf
endif
