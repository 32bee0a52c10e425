// SPDX-License-Identifier: GPL-2.0
/*
 * armvisor_wdt: the Armvisor WFE-channel watchdog as a Linux watchdog device (/dev/watchdogN), the kernel helper that
 * lets userspace (armvisor-guest watchdog) pet a watchdog EL0 may not command itself (docs/guest-kit.md).
 * start = WATCHDOG_CONFIG(timeout, reset, per VM), ping = WATCHDOG_PET, stop = WATCHDOG_DISABLE; every request is one
 * trapped WFE issued at EL1 through guestkit/include/armvisor/wfe_channel.h.
 */
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/watchdog.h>

#include <armvisor/wfe_channel.h>

#define AVWDT_DEFAULT_TIMEOUT 30 /* seconds */
#define AVWDT_MAX_TIMEOUT 3600   /* the default VM policy's upper bound (WfeChannelPolicy.MaximumTimeoutMs) */

static bool nowayout = WATCHDOG_NOWAYOUT;
module_param(nowayout, bool, 0);
MODULE_PARM_DESC(nowayout, "Watchdog cannot be stopped once started");

static int avwdt_errno(int status)
{
	switch (status) {
	case ARMVISOR_WFE_OK:
		return 0;
	case ARMVISOR_WFE_ABSENT:
		return -ENODEV;
	case ARMVISOR_WFE_DENIED:
		return -EPERM;
	case ARMVISOR_WFE_INVALID_ARGUMENT:
		return -EINVAL;
	default:
		return -EIO;
	}
}

/* One request; CNTKCTL_EL1 (the event stream bounding the WFE) is saved and restored on the same CPU. */
static int avwdt_request(u64 command, u64 argument0, u64 argument1)
{
	struct armvisor_wfe_result result;

	preempt_disable();
	result = armvisor_request(command, argument0, argument1);
	preempt_enable();
	return avwdt_errno(result.status);
}

static int avwdt_start(struct watchdog_device *wdd)
{
	return avwdt_request(ARMVISOR_WFE_WATCHDOG_CONFIG, (u64)wdd->timeout * 1000, ARMVISOR_WATCHDOG_RESET);
}

static int avwdt_stop(struct watchdog_device *wdd)
{
	return avwdt_request(ARMVISOR_WFE_WATCHDOG_DISABLE, 0, 0);
}

static int avwdt_ping(struct watchdog_device *wdd)
{
	return avwdt_request(ARMVISOR_WFE_WATCHDOG_PET, 0, 0);
}

static int avwdt_set_timeout(struct watchdog_device *wdd, unsigned int timeout)
{
	wdd->timeout = timeout;
	return watchdog_active(wdd) ? avwdt_start(wdd) : 0;
}

static const struct watchdog_info avwdt_info = {
	.options = WDIOF_SETTIMEOUT | WDIOF_KEEPALIVEPING | WDIOF_MAGICCLOSE,
	.identity = "armvisor-wfe",
};

static const struct watchdog_ops avwdt_ops = {
	.owner = THIS_MODULE,
	.start = avwdt_start,
	.stop = avwdt_stop,
	.ping = avwdt_ping,
	.set_timeout = avwdt_set_timeout,
};

static struct watchdog_device avwdt_dev = {
	.info = &avwdt_info,
	.ops = &avwdt_ops,
	.min_timeout = 1,
	.max_timeout = AVWDT_MAX_TIMEOUT,
	.timeout = AVWDT_DEFAULT_TIMEOUT,
};

static int __init avwdt_init(void)
{
	struct armvisor_agent_info info;

	preempt_disable();
	info = armvisor_detect();
	preempt_enable();
	if (!info.present || !(info.capabilities & ARMVISOR_WFE_CAP_WATCHDOG) ||
	    !(info.capabilities & ARMVISOR_WFE_CAP_ACTION_RESET)) {
		pr_info("armvisor_wdt: no WFE-channel watchdog with the reset action (agent: %s)\n",
			armvisor_agent_name(&info));
		return -ENODEV;
	}
	watchdog_set_nowayout(&avwdt_dev, nowayout);
	watchdog_stop_on_unregister(&avwdt_dev);
	pr_info("armvisor_wdt: %s, ABI %u, capabilities 0x%llx\n", armvisor_agent_name(&info), info.abi_version,
		(unsigned long long)info.capabilities);
	return watchdog_register_device(&avwdt_dev);
}

static void __exit avwdt_exit(void)
{
	watchdog_unregister_device(&avwdt_dev);
}

module_init(avwdt_init);
module_exit(avwdt_exit);
MODULE_DESCRIPTION("Armvisor WFE-channel watchdog");
MODULE_LICENSE("GPL");
