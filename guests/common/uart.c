/* PL011 transmit (PL011 TRM DDI0183: DR at 0x000, FR at 0x018, FR.TXFF bit 5). */
#include "guest.h"

#define PL011_BASE 0x09000000UL
#define PL011_DR (*(volatile uint32_t *)(PL011_BASE + 0x000))
#define PL011_FR (*(volatile uint32_t *)(PL011_BASE + 0x018))
#define PL011_FR_TXFF (1u << 5)

void uart_putc(char c)
{
    if (c == '\n') {
        uart_putc('\r');
    }
    while (PL011_FR & PL011_FR_TXFF) {
    }
    PL011_DR = (uint32_t)(unsigned char)c;
}

void uart_puts(const char *s)
{
    while (*s) {
        uart_putc(*s++);
    }
}
