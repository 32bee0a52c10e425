/*
 * hw-debug: the Linux-side test of the guest's hardware breakpoints and watchpoints (issue 17), a static arm64 program
 * run in the Debian guest on QEMU and on Armvisor, which must print the same lines. The parent traces a forked child
 * through ptrace's arm64 regsets (NT_ARM_HW_BREAK, NT_ARM_HW_WATCH: arch/arm64/kernel/ptrace.c), so the kernel programs
 * DBGBCR/BVR and DBGWCR/WVR for EL0 and reports each hit as SIGTRAP with si_code TRAP_HWBKPT:
 *   1. a hardware breakpoint on hw_debug_marker: the child stops with PC there;
 *   2. a store watchpoint (8 bytes, EL0) on hw_debug_watched: the child's three stores stop before each store (the
 *      value is still the old one), the tracer steps over with the watchpoint off (PTRACE_SINGLESTEP, software step)
 *      and sees the new value; the child's later load does not stop;
 *   3. the child exits with its own status.
 * Output: key=value lines (the kit script's transcript).
 */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/ptrace.h>

/* DBGBCR/DBGWCR as ptrace takes them: E (bit 0), PMC/PAC (2:1, 0b10 = EL0), LSC (4:3, 0b10 = store), BAS (12:5). */
#define CTRL_ENABLE 1u
#define CTRL_EL0 (2u << 1)
#define CTRL_STORE (2u << 3)
#define BREAK_BAS (0xFu << 5)
#define WATCH_BAS_8 (0xFFu << 5)

volatile uint64_t hw_debug_watched;

void __attribute__((noinline)) hw_debug_marker(void)
{
    __asm__ volatile("" ::: "memory");
}

static void child(void)
{
    if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0) {
        _exit(100);
    }
    raise(SIGSTOP);
    hw_debug_marker();
    for (uint64_t i = 1; i <= 3; i++) {
        hw_debug_watched = i * 0x1111;
    }
    uint64_t r = hw_debug_watched;
    _exit((int)(r & 0x7F));
}

static int set_regset(pid_t pid, int type, uint64_t addr, uint32_t ctrl)
{
    struct user_hwdebug_state state;
    memset(&state, 0, sizeof state);
    state.dbg_regs[0].addr = addr;
    state.dbg_regs[0].ctrl = ctrl;
    struct iovec iov = { &state, offsetof(struct user_hwdebug_state, dbg_regs) + sizeof state.dbg_regs[0] };
    return (int)ptrace(PTRACE_SETREGSET, pid, (void *)(uintptr_t)type, &iov);
}

static unsigned slots(pid_t pid, int type)
{
    struct user_hwdebug_state state;
    struct iovec iov = { &state, sizeof state };
    if (ptrace(PTRACE_GETREGSET, pid, (void *)(uintptr_t)type, &iov) != 0) {
        return 0;
    }
    return state.dbg_info & 0xFF;
}

static uint64_t child_pc(pid_t pid)
{
    struct user_pt_regs regs;
    struct iovec iov = { &regs, sizeof regs };
    return ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) == 0 ? regs.pc : 0;
}

static uint64_t child_watched(pid_t pid)
{
    errno = 0;
    return (uint64_t)ptrace(PTRACE_PEEKDATA, pid, (void *)&hw_debug_watched, NULL);
}

/* Resumes with `request`, waits; returns the stop signal (0 when the child exited: *exit_status then holds its status). */
static int resume(pid_t pid, int request, int *exit_status, siginfo_t *info)
{
    int status;
    if (ptrace(request, pid, NULL, NULL) != 0 || waitpid(pid, &status, 0) != pid) {
        printf("error=resume errno %d\n", errno);
        exit(1);
    }
    if (WIFEXITED(status)) {
        *exit_status = WEXITSTATUS(status);
        return 0;
    }
    memset(info, 0, sizeof *info);
    ptrace(PTRACE_GETSIGINFO, pid, NULL, info);
    return WSTOPSIG(status);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    pid_t pid = fork();
    if (pid == 0) {
        child();
    }

    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
        printf("error=no initial stop\n");
        return 1;
    }

    printf("breakpoint-slots=%u\n", slots(pid, NT_ARM_HW_BREAK));
    printf("watchpoint-slots=%u\n", slots(pid, NT_ARM_HW_WATCH));

    int exit_status = -1;
    siginfo_t info;
    if (set_regset(pid, NT_ARM_HW_BREAK, (uint64_t)(uintptr_t)&hw_debug_marker, CTRL_ENABLE | CTRL_EL0 | BREAK_BAS) != 0) {
        printf("error=set breakpoint errno %d\n", errno);
        return 1;
    }
    int sig = resume(pid, PTRACE_CONT, &exit_status, &info);
    printf("breakpoint: signal=%d code=%d pc-at-marker=%d\n", sig, info.si_code,
           child_pc(pid) == (uint64_t)(uintptr_t)&hw_debug_marker);
    set_regset(pid, NT_ARM_HW_BREAK, 0, 0);

    uint32_t watch = CTRL_ENABLE | CTRL_EL0 | CTRL_STORE | WATCH_BAS_8;
    if (set_regset(pid, NT_ARM_HW_WATCH, (uint64_t)(uintptr_t)&hw_debug_watched, watch) != 0) {
        printf("error=set watchpoint errno %d\n", errno);
        return 1;
    }
    for (int hit = 1; hit <= 5; hit++) {
        sig = resume(pid, PTRACE_CONT, &exit_status, &info);
        if (sig == 0) {
            break;
        }
        int code = info.si_code;
        long offset = (long)((uintptr_t)info.si_addr - (uintptr_t)&hw_debug_watched);
        uint64_t before = child_watched(pid);
        set_regset(pid, NT_ARM_HW_WATCH, (uint64_t)(uintptr_t)&hw_debug_watched, 0);
        int step = resume(pid, PTRACE_SINGLESTEP, &exit_status, &info);
        uint64_t after = child_watched(pid);
        printf("watch-hit-%d: signal=%d code=%d addr-offset=%ld before=0x%llx step-signal=%d after=0x%llx\n", hit, sig,
               code, offset, (unsigned long long)before, step, (unsigned long long)after);
        set_regset(pid, NT_ARM_HW_WATCH, (uint64_t)(uintptr_t)&hw_debug_watched, watch);
    }
    printf("child-exit=%d\n", exit_status);
    return 0;
}
