// SPDX-License-Identifier: GPL-2.0
/*
 * armvisor_wdt: the Armvisor WFE-channel watchdog as a Linux watchdog device (/dev/watchdogN), the kernel helper that
 * lets userspace (armvisor-guest watchdog) pet a watchdog EL0 may not command itself (docs/guest-kit.md).
 * start = WATCHDOG_CONFIG(timeout, action, per VM), ping = WATCHDOG_PET, stop = WATCHDOG_DISABLE; every request is one
 * trapped WFE issued at EL1 through guestkit/include/armvisor/wfe_channel.h (docs/wfe-channel.md). The action is the
 * module parameter "action" (0 reset the VM, the default; 1 the VM's pseudo-NMI; 2 log only), within what the VM's
 * configuration allows (the capability bits DETECT reports).
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/watchdog.h>

#include <armvisor/wfe_channel.h>

#define AVWDT_DEFAULT_TIMEOUT 30 /* seconds */
#define AVWDT_MAX_TIMEOUT 3600   /* the default VM policy's upper bound (WfeChannelPolicy.MaximumTimeoutMs) */

static bool nowayout = WATCHDOG_NOWAYOUT;
module_param(nowayout, bool, 0);
MODULE_PARM_DESC(nowayout, "Watchdog cannot be stopped once started");

static uint action = ARMVISOR_WATCHDOG_RESET;
module_param(action, uint, 0444);
MODULE_PARM_DESC(action, "What the hypervisor does on expiry: 0 reset the VM (default), 1 pseudo-NMI, 2 log only");

/* The capability bit that allows each action (docs/wfe-channel.md, "Capabilities"). */
static const u64 avwdt_action_capability[] = {
	[ARMVISOR_WATCHDOG_RESET] = ARMVISOR_WFE_CAP_ACTION_RESET,
	[ARMVISOR_WATCHDOG_INTERRUPT] = ARMVISOR_WFE_CAP_ACTION_INTERRUPT,
	[ARMVISOR_WATCHDOG_LOG] = ARMVISOR_WFE_CAP_ACTION_LOG,
};

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
	return avwdt_request(ARMVISOR_WFE_WATCHDOG_CONFIG, (u64)wdd->timeout * 1000, action);
}

static int avwdt_stop(struct watchdog_device *wdd)
{
	return avwdt_request(ARMVISOR_WFE_WATCHDOG_DISABLE, 0, 0);
}

static int avwdt_ping(struct watchdog_device *wdd)
{
	return avwdt_request(ARMVISOR_WFE_WATCHDOG_PET, 0, 0);
}

/* A running watchdog is re-configured with the new timeout; if the agent refuses it, the old one stays in force. */
static int avwdt_set_timeout(struct watchdog_device *wdd, unsigned int timeout)
{
	unsigned int previous = wdd->timeout;
	int err;

	wdd->timeout = timeout;
	if (!watchdog_active(wdd))
		return 0;
	err = avwdt_start(wdd);
	if (err)
		wdd->timeout = previous;
	return err;
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

	if (action >= ARRAY_SIZE(avwdt_action_capability)) {
		pr_err("armvisor_wdt: action=%u: expected 0 (reset), 1 (pseudo-NMI) or 2 (log)\n", action);
		return -EINVAL;
	}
	preempt_disable();
	info = armvisor_detect();
	preempt_enable();
	if (!info.present || !(info.capabilities & ARMVISOR_WFE_CAP_WATCHDOG) ||
	    !(info.capabilities & avwdt_action_capability[action])) {
		pr_info("armvisor_wdt: no WFE-channel watchdog with action %u allowed (agent: %s, capabilities 0x%llx)\n",
			action, armvisor_agent_name(&info), (unsigned long long)info.capabilities);
		return -ENODEV;
	}
	watchdog_set_nowayout(&avwdt_dev, nowayout);
	watchdog_stop_on_unregister(&avwdt_dev);
	pr_info("armvisor_wdt: %s, ABI %u, capabilities 0x%llx, action %u\n", armvisor_agent_name(&info), info.abi_version,
		(unsigned long long)info.capabilities, action);
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
