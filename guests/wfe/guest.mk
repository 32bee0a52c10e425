# WFE-channel test guests (patents.md §1(e), §2(e)); see docs/guest-kit.md for what each prints.
include wfe/kit/kit.mk
$(eval $(call kit_guest,wfe-discover,wfe/discover.c))
$(eval $(call kit_guest,wfe-random,wfe/random.c))
$(eval $(call kit_guest,wfe-smp,wfe/smp.c))
$(eval $(call kit_guest,wfe-el0,wfe/el0.c wfe/el0.S))
$(eval $(call kit_guest,wfe-watchdog,wfe/watchdog.c))
