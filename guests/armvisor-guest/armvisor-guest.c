/*
 * armvisor-guest: the WFE channel from a Linux arm64 guest's userspace (issue 5).
 *
 *   armvisor-guest detect
 *       DETECT at EL0. Prints what answered. Under Armvisor an EL0 request is answered only when the VM's
 *       configuration allows EL0 DETECT (WfeChannelPolicy.AllowEl0Detect); otherwise it is an ordinary WFE and the
 *       answer is "absent", exactly as on hardware or an emulator without an agent. Linux runs EL0 with
 *       SCTLR_EL1.nTWE = 1, so the WFE reaches the hypervisor, and keeps the timer event stream on (10 kHz), which
 *       bounds each WFE when nobody traps it.
 *
 *   armvisor-guest watchdog --timeout 5s [--device /dev/watchdog] [--interval 2s]
 *       Pets a watchdog from userspace until killed. EL0 can never configure or pet the WFE-channel watchdog
 *       (docs/wfe-channel.md, "Privilege"), so userspace goes through the kernel: the armvisor_wdt driver
 *       (guests/armvisor-guest/kmod) registers the WFE-channel watchdog as a standard Linux watchdog device, and this
 *       program uses the Linux watchdog API (WDIOC_SETTIMEOUT, WDIOC_KEEPALIVE). SIGTERM or SIGINT stop it cleanly
 *       (magic close 'V' disables the watchdog); SIGKILL leaves the device closed without the magic character, the
 *       kernel keeps the watchdog armed, nobody pets it, and the VM's configured action (reset) happens.
 *
 * Exit status: 0 success (detect: an agent answered), 1 absent / failure, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/watchdog.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <armvisor/wfe_channel.h>

static volatile sig_atomic_t stop_requested;

static void on_stop(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static int usage(void)
{
    fprintf(stderr,
        "usage: armvisor-guest detect\n"
        "       armvisor-guest watchdog --timeout SECONDS[s] [--device PATH] [--interval SECONDS[s]]\n");
    return 2;
}

/* "5", "5s", "500ms" -> milliseconds; 0 on error. */
static unsigned long parse_duration_ms(const char *text)
{
    char *end = NULL;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno != 0 || end == text) {
        return 0;
    }
    if (*end == '\0' || strcmp(end, "s") == 0) {
        return value * 1000;
    }
    if (strcmp(end, "ms") == 0) {
        return value;
    }
    return 0;
}

static int command_detect(void)
{
    struct armvisor_agent_info info = armvisor_detect_el0();
    if (!info.present) {
        printf("agent=absent attempts=%u\n", info.attempts);
        printf("note: from EL0 only DETECT can be answered, and only when the VM's configuration allows it\n");
        return 1;
    }
    printf("agent=%s version=%u identity=0x%llx caps=0x%llx attempts=%u\n", armvisor_agent_name(&info), info.abi_version,
        (unsigned long long)info.identity, (unsigned long long)info.capabilities, info.attempts);
    return 0;
}

static void sleep_ms(unsigned long ms)
{
    struct timespec t = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
    while (!stop_requested && nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

static int command_watchdog(int argc, char **argv)
{
    const char *device = "/dev/watchdog";
    unsigned long timeout_ms = 0, interval_ms = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
            timeout_ms = parse_duration_ms(argv[++i]);
        } else if (strcmp(argv[i], "--device") == 0 && i + 1 < argc) {
            device = argv[++i];
        } else if (strcmp(argv[i], "--interval") == 0 && i + 1 < argc) {
            interval_ms = parse_duration_ms(argv[++i]);
        } else {
            return usage();
        }
    }
    /* The Linux watchdog API counts whole seconds. */
    if (timeout_ms < 1000 || timeout_ms % 1000 != 0) {
        fprintf(stderr, "armvisor-guest: --timeout needs a whole number of seconds (e.g. 5s)\n");
        return 2;
    }
    if (interval_ms == 0) {
        interval_ms = timeout_ms / 2;
    }

    int fd = open(device, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "armvisor-guest: cannot open %s: %s (is the armvisor_wdt module loaded?)\n", device, strerror(errno));
        return 1;
    }
    struct watchdog_info info;
    memset(&info, 0, sizeof(info));
    if (ioctl(fd, WDIOC_GETSUPPORT, &info) == 0) {
        printf("device=%s identity=%.32s options=0x%x\n", device, (const char *)info.identity, info.options);
    }
    int seconds = (int)(timeout_ms / 1000);
    if (ioctl(fd, WDIOC_SETTIMEOUT, &seconds) != 0) {
        fprintf(stderr, "armvisor-guest: WDIOC_SETTIMEOUT %d s: %s\n", (int)(timeout_ms / 1000), strerror(errno));
        close(fd);
        return 1;
    }
    printf("timeout=%ds interval=%lums petting until killed\n", seconds, interval_ms);
    fflush(stdout);

    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_stop;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);

    unsigned long pets = 0;
    while (!stop_requested) {
        int dummy = 0;
        if (ioctl(fd, WDIOC_KEEPALIVE, &dummy) != 0) {
            fprintf(stderr, "armvisor-guest: WDIOC_KEEPALIVE: %s\n", strerror(errno));
            close(fd);
            return 1;
        }
        pets++;
        sleep_ms(interval_ms);
    }
    /* Clean stop: the magic close character disarms the watchdog (Documentation/watchdog/watchdog-api.rst). */
    if (write(fd, "V", 1) != 1) {
        fprintf(stderr, "armvisor-guest: magic close failed: %s\n", strerror(errno));
    }
    close(fd);
    printf("stopped after %lu pets; watchdog disarmed\n", pets);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        return usage();
    }
    if (strcmp(argv[1], "detect") == 0 && argc == 2) {
        return command_detect();
    }
    if (strcmp(argv[1], "watchdog") == 0) {
        return command_watchdog(argc - 2, argv + 2);
    }
    return usage();
}
