# WFE-channel round-trip benchmark (issue 5): WFE channel vs HVC vs MMIO write, in the same engine.
$(eval $(call kit_guest,wfe-bench,wfebench/bench.c))
