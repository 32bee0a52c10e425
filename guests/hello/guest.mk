$(eval $(call guest,hello,hello/hello.c))
