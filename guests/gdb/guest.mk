# GDB stub tests (issue 17): the debugged guest and the semihosting guests.
$(eval $(call guest,gdb-target,gdb/gdb-target.c))
$(eval $(call guest,semihosting,gdb/semihosting.c))
