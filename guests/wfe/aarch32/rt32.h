/* Minimal AArch32 runtime for wfe-discover32 (rt32.c). */
#ifndef GUESTKIT_RT32_H
#define GUESTKIT_RT32_H

#include <stdint.h>

void put_char(char c);
void put_str(const char *s);
void put_dec(uint32_t v);
void put_hex(uint32_t v);

#endif
