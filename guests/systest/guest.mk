# System tests, run on QEMU and Armvisor and compared line by line (tests/Armvisor.Differential.Tests/SystemGuestTests.cs).
SYSTEST_COMMON := systest/systest.c systest/systest_el0.S
$(eval $(call guest,systest-exceptions,systest/exceptions.c $(SYSTEST_COMMON)))
