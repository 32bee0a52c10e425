/* counter.c without an end: runs until the host stops it (control-API tests). */
#define FOREVER 1
#include "counter.c"
