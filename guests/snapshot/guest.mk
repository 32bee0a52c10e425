# Snapshot and control-API test guests (issue 20); see docs/snapshots.md.
$(eval $(call guest,snapshot-counter,snapshot/counter.c))
$(eval $(call guest,snapshot-counter-forever,snapshot/counter_forever.c))
$(eval $(call guest,snapshot-counter-smp,snapshot/counter_smp.c))
