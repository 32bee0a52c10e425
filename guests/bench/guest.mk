$(eval $(call guest,bench,bench/bench.c))
