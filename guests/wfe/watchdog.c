/*
 * wfe-watchdog: the watchdog lifecycle (patents.md §1(e) 5). Errors first (PET/DISABLE with nothing armed, timeout
 * out of range, unknown action, reserved bits), then CONFIG(WATCHDOG_MS, reset) petted every 50 ms for 1 s (no
 * expiry), DISABLE and 3 x WATCHDOG_MS of silence (no action), and finally CONFIG(WATCHDOG_MS, reset) and no more
 * petting: the host must reset the VM (Armvisor with --no-reboot exits with the watchdog-reset outcome, exit code 7).
 * If the guest is still running 3 s later it says so and powers off. With no agent it reports "absent" and powers off.
 */
#include "kit.h"
#include <armvisor/wfe_channel.h>

/* patents.md §1(e) 5 uses 100 ms; 300 ms keeps a 50 ms petting period safe on a loaded host (a vCPU thread descheduled
 * for more than one period must not look like a hung guest). */
#ifndef WATCHDOG_MS
#define WATCHDOG_MS 300
#endif

static void expect(const char *name, int status, int expected)
{
    printf("%s: status=%s\n", name, armvisor_wfe_status_name(status));
    kit_check(status == expected, name);
}

int main(void)
{
    kit_guest_name = "wfe-watchdog";
    struct armvisor_agent_info info = armvisor_detect();
    printf("detect: agent=%s caps=0x%lx\n", armvisor_agent_name(&info), info.capabilities);
    if (!info.present || !(info.capabilities & ARMVISOR_WFE_CAP_WATCHDOG)) {
        printf("watchdog: available=0\n");
        kit_check(armvisor_watchdog_configure(100, ARMVISOR_WATCHDOG_RESET, 0) == ARMVISOR_WFE_ABSENT ||
                  info.present, "configure without an agent reports absent");
        return 0;
    }
    printf("watchdog: available=1 reset-allowed=%d\n", (info.capabilities & ARMVISOR_WFE_CAP_ACTION_RESET) != 0);

    expect("pet-unconfigured", armvisor_watchdog_pet(), ARMVISOR_WFE_NOT_CONFIGURED);
    expect("disable-unconfigured", armvisor_watchdog_disable(), ARMVISOR_WFE_NOT_CONFIGURED);
    expect("config-timeout-1ms", armvisor_watchdog_configure(1, ARMVISOR_WATCHDOG_RESET, 0), ARMVISOR_WFE_INVALID_ARGUMENT);
    expect("config-action-9", armvisor_request(ARMVISOR_WFE_WATCHDOG_CONFIG, 100, 9).status, ARMVISOR_WFE_INVALID_ARGUMENT);
    expect("config-reserved-bit", armvisor_request(ARMVISOR_WFE_WATCHDOG_CONFIG, 100, 1UL << 9).status,
        ARMVISOR_WFE_INVALID_ARGUMENT);
    expect("config-per-vcpu-log", armvisor_watchdog_configure(200, ARMVISOR_WATCHDOG_LOG, 1), ARMVISOR_WFE_OK);
    expect("disable-per-vcpu", armvisor_watchdog_disable(), ARMVISOR_WFE_OK);

    expect("config-reset", armvisor_watchdog_configure(WATCHDOG_MS, ARMVISOR_WATCHDOG_RESET, 0), ARMVISOR_WFE_OK);
    unsigned pets = 0, ok = 0;
    uint64_t t0 = kit_now_us();
    while (kit_now_us() - t0 < 1000000) {
        kit_delay_us(50000);
        ok += armvisor_watchdog_pet() == ARMVISOR_WFE_OK;
        pets++;
    }
    printf("petting: pets=%u ok=%u elapsed-ms=%lu alive=1\n", pets, ok, (kit_now_us() - t0) / 1000);
    kit_check(ok == pets, "every PET acknowledged");

    expect("disable", armvisor_watchdog_disable(), ARMVISOR_WFE_OK);
    kit_delay_us(3 * WATCHDOG_MS * 1000);
    printf("disabled-silence: ms=%d alive=1\n", 3 * WATCHDOG_MS);

    expect("config-final", armvisor_watchdog_configure(WATCHDOG_MS, ARMVISOR_WATCHDOG_RESET, 0), ARMVISOR_WFE_OK);
    printf("stopped-petting: timeout-ms=%d at-us=%lu\n", WATCHDOG_MS, kit_now_us());
    kit_delay_us(3000000);
    printf("still-alive: after-ms=3000\n");
    kit_check(0, "the watchdog reset the VM");
    return 0;
}
