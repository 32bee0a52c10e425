# System tests, run on QEMU and Armvisor and compared line by line (tests/Armvisor.Differential.Tests/SystemGuestTests.cs).
SYSTEST_COMMON := systest/systest.c systest/systest_el0.S
$(eval $(call guest,systest-exceptions,systest/exceptions.c $(SYSTEST_COMMON)))
$(eval $(call guest,systest-mmu,systest/mmu.c $(SYSTEST_COMMON)))
$(eval $(call guest,systest-exclusives,systest/exclusives.c $(SYSTEST_COMMON)))
$(eval $(call guest,systest-timer,systest/timer.c $(SYSTEST_COMMON)))
