/*
 * semihosting: a bare-metal program that talks to its host only through semihosting (IHI0098), HLT #0xF000: console
 * output, the ":tt" file, a file read from and one written to the host directory it runs in, attempts to leave that
 * directory (lines "escape: ..."), and SYS_EXIT with the status 42, which becomes the host's exit code.
 * Run with --semihosting --semihosting-root DIR (Armvisor) or -semihosting-config enable=on,target=native (QEMU, cwd DIR).
 */
#include "guest.h"

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITEC 0x03
#define SYS_WRITE0 0x04
#define SYS_WRITE 0x05
#define SYS_READ 0x06
#define SYS_SEEK 0x0A
#define SYS_FLEN 0x0C
#define SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static int64_t semihost(uint64_t op, const void *arg)
{
    register uint64_t x0 __asm__("x0") = op;
    register const void *x1 __asm__("x1") = arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return (int64_t)x0;
}

static void put(const char *s)
{
    semihost(SYS_WRITE0, s);
}

static void put_number(const char *label, int64_t value)
{
    char text[64];
    int n = 0;
    while (*label) {
        text[n++] = *label++;
    }
    uint64_t v = value < 0 ? (uint64_t)-value : (uint64_t)value;
    char digits[24];
    int d = 0;
    do {
        digits[d++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (value < 0) {
        text[n++] = '-';
    }
    while (d) {
        text[n++] = digits[--d];
    }
    text[n++] = '\n';
    text[n] = 0;
    put(text);
}

static int64_t open_file(const char *name, uint64_t mode)
{
    uint64_t block[3] = { (uint64_t)name, mode, 0 };
    while (name[block[2]]) {
        block[2]++;
    }
    return semihost(SYS_OPEN, block);
}

static int64_t call3(uint64_t op, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t block[3] = { a, b, c };
    return semihost(op, block);
}

int main(void)
{
    put("semihosting: hello\n");
    char bang = '!', nl = '\n';
    semihost(SYS_WRITEC, &bang);
    semihost(SYS_WRITEC, &nl);

    int64_t tt = open_file(":tt", 4);
    const char line[] = "tt: written through SYS_WRITE\n";
    put_number("tt not written=", call3(SYS_WRITE, (uint64_t)tt, (uint64_t)line, sizeof line - 1));

    int64_t in = open_file("input.txt", 1);
    put_number("input handle valid=", in > 0);
    put_number("input length=", call3(SYS_FLEN, (uint64_t)in, 0, 0));
    char buffer[64] = { 0 };
    put_number("read not read=", call3(SYS_READ, (uint64_t)in, (uint64_t)buffer, 10));
    put(buffer);
    put("\n");
    put_number("seek=", call3(SYS_SEEK, (uint64_t)in, 6, 0));
    memset(buffer, 0, sizeof buffer);
    put_number("read at 6 not read=", call3(SYS_READ, (uint64_t)in, (uint64_t)buffer, 40));
    put(buffer);
    put_number("close=", call3(SYS_CLOSE, (uint64_t)in, 0, 0));
    put_number("close again=", call3(SYS_CLOSE, (uint64_t)in, 0, 0));
    put_number("missing=", open_file("missing.txt", 1));

    int64_t out = open_file("output.txt", 5);
    const char data[] = "written by the guest\n";
    put_number("output not written=", call3(SYS_WRITE, (uint64_t)out, (uint64_t)data, sizeof data - 1));
    put_number("output close=", call3(SYS_CLOSE, (uint64_t)out, 0, 0));

    put_number("escape: dotdot=", open_file("../outside.txt", 1));
    put_number("escape: absolute=", open_file("/etc/hostname", 1));
    put_number("escape: symlink=", open_file("link.txt", 1));
    put_number("escape: create through dotdot=", open_file("sub/../../created.txt", 5));

    uint64_t exit_block[2] = { ADP_STOPPED_APPLICATION_EXIT, 42 };
    semihost(SYS_EXIT, exit_block);
    put("semihosting: not reached\n");
    return 1;
}
