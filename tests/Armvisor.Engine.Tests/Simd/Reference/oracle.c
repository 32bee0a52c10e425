/* QEMU reference oracle for the FP/AdvSIMD tests (see README.md). Reads cases from stdin, one per line:
 *   insn fpcr fpsr nzcv x0 x1 x2 x3 v0lo v0hi v1lo v1hi v2lo v2hi v3lo v3hi   (hex)
 * and prints the line followed by " => " and the same state after executing insn, or " => UNDEF". */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

extern char stub_begin[], stub_slot[], stub_end[];
static sigjmp_buf escape;

static void on_sigill(int sig) { (void)sig; siglongjmp(escape, 1); }

int main(void)
{
    size_t len = (size_t)(stub_end - stub_begin);
    uint32_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(code, stub_begin, len);
    size_t slot = (size_t)(stub_slot - stub_begin) / 4;
    struct sigaction sa = {0};
    sa.sa_handler = on_sigill;
    sigaction(SIGILL, &sa, 0);
    char line[512];
    while (fgets(line, sizeof line, stdin)) {
        uint64_t s[15];
        unsigned insn;
        line[strcspn(line, "\n")] = 0;
        if (sscanf(line, "%x %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx", &insn, &s[8], &s[9], &s[10], &s[11],
                   &s[12], &s[13], &s[14], &s[0], &s[1], &s[2], &s[3], &s[4], &s[5], &s[6], &s[7]) != 16)
            continue;
        code[slot] = insn;
        __builtin___clear_cache((char *)code, (char *)code + len);
        if (sigsetjmp(escape, 1)) {
            printf("%s => UNDEF\n", line);
            continue;
        }
        ((void (*)(uint64_t *))code)(s);
        printf("%s => %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx\n", line, s[9], s[10], s[11], s[12], s[13], s[14],
               s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
    }
    return 0;
}
