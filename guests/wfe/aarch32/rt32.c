/* Minimal AArch32 runtime for wfe-discover32: PL011 output (DDI0183: DR 0x000, FR 0x018, TXFF bit 5) and the few
 * library routines the compiler may call. guests/common is AArch64-only. */
#include <stddef.h>
#include <stdint.h>

#include "rt32.h"

#define PL011_DR (*(volatile uint32_t *)0x09000000u)
#define PL011_FR (*(volatile uint32_t *)0x09000018u)

void put_char(char c)
{
    if (c == '\n') {
        put_char('\r');
    }
    while (PL011_FR & (1u << 5)) {
    }
    PL011_DR = (uint32_t)(unsigned char)c;
}

void put_str(const char *s)
{
    while (*s) {
        put_char(*s++);
    }
}

void put_dec(uint32_t v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        put_char(buf[--n]);
    }
}

void put_hex(uint32_t v)
{
    put_str("0x");
    int started = 0;
    for (int shift = 28; shift >= 0; shift -= 4) {
        unsigned d = (v >> shift) & 0xF;
        if (d || started || shift == 0) {
            put_char((char)(d < 10 ? '0' + d : 'a' + d - 10));
            started = 1;
        }
    }
}

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--) {
        *p++ = (unsigned char)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) {
        *p++ = *q++;
    }
    return d;
}
