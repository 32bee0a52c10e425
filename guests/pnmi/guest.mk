# Pseudo-NMI test guest (patents.md §5(e)); see docs/guest-kit.md.
include wfe/kit/kit.mk
$(eval $(call kit_guest,pnmi,pnmi/pnmi.c pnmi/gic.c,-Ipnmi))
$(eval $(call kit_guest,pnmi-watchdog,pnmi/watchdog_pnmi.c pnmi/gic.c,-Ipnmi))
$(eval $(call kit_guest,pnmi-bench,pnmi/bench.c pnmi/gic.c,-Ipnmi))
