/*
 * Armvisor WFE-channel client, ABI version 1 (docs/wfe-channel.md; patents.md §1, §2). Header-only, freestanding
 * (needs only <stdint.h>), for AArch64 firmware, kernels and bare-metal programs, and (DETECT only, see below) EL0.
 * AArch32 (A32/T32, ARMv7-A or AArch32 state of ARMv8-A) uses R0-R3 and the low words of the magics; there the
 * identity word carries only the agent bits and the memory-block variant is not offered (docs/wfe-channel.md).
 *
 * A request is X0 = "AVWFE_RQ" magic, X1 = command, X2/X3 = arguments, then WFE. An agent that traps WFE
 * (HCR_EL2.TWE bit 14, SCR_EL3.TWE bit 13; DDI0487 D1.16.2) skips the WFE and answers X0 = "AVWFE_RS", X1 = status,
 * X2/X3 = results. With no agent the WFE is an ordinary WFE: it completes on the next wake-up event and X0 still
 * holds the request magic, which is how absence is seen — no HVC/SMC, so nothing can be UNDEFINED (patents.md §2).
 *
 * Register use: every request clobbers X0-X3 (they are inline-asm outputs, so the compiler saves what it needs);
 * nothing else is touched. The EL1 entry points also read and restore CNTKCTL_EL1.
 *
 * Bounded wait: a WFE that nobody traps waits for an event. At EL1 the client enables the generic-timer event stream
 * (CNTKCTL_EL1.EVNTEN, bit 2; EVNTI bits [7:4]; DDI0487 D11.2.4 / D17.9.4) for the duration of the request and
 * restores the previous CNTKCTL_EL1 afterwards, so each WFE lasts at most one event-stream period. At EL0 the client
 * cannot program CNTKCTL_EL1 and relies on the OS's event stream (Linux enables one at 10 kHz by default).
 *
 * Event register: a WFE only traps when it would wait; if the event register is set, WFE clears it and completes
 * without trapping (DDI0487 D1.16.2). The client therefore retries up to ARMVISOR_WFE_ATTEMPTS times and stops at
 * the first response.
 *
 * Interrupts: call with interrupts masked or unmasked; an interrupt taken during an un-trapped WFE just ends that
 * attempt early. CNTKCTL_EL1 is per CPU: an OS must not migrate the caller between the save and the restore (Linux:
 * call the EL1 entry points with preemption disabled).
 */
#ifndef ARMVISOR_WFE_CHANNEL_H
#define ARMVISOR_WFE_CHANNEL_H

#ifdef __KERNEL__
#include <linux/types.h> /* a Linux kernel module (guests/armvisor-guest/kmod) */
#else
#include <stdint.h>
#endif

#if !defined(__aarch64__) && !defined(__arm__)
#error "armvisor/wfe_channel.h: AArch64 or AArch32 only"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Magics (ASCII, most significant byte first). */
#define ARMVISOR_WFE_REQUEST_MAGIC 0x41565746455F5251ULL /* "AVWFE_RQ" */
#define ARMVISOR_WFE_MEMORY_MAGIC 0x41565746455F4D42ULL  /* "AVWFE_MB": X1 = IPA of a 64-byte request block */
#define ARMVISOR_WFE_RESPONSE_MAGIC 0x41565746455F5253ULL /* "AVWFE_RS" */
#define ARMVISOR_WFE_REQUEST_MAGIC32 0x455F5251u  /* AArch32 R0: "E_RQ" */
#define ARMVISOR_WFE_RESPONSE_MAGIC32 0x455F5253u /* AArch32 R0: "E_RS" */

/* A general-purpose register, and the magics as they travel in X0 (AArch64) or R0 (AArch32). */
#if defined(__aarch64__)
typedef uint64_t armvisor_reg_t;
#define ARMVISOR_WFE_REG_REQUEST ARMVISOR_WFE_REQUEST_MAGIC
#define ARMVISOR_WFE_REG_RESPONSE ARMVISOR_WFE_RESPONSE_MAGIC
#else
typedef uint32_t armvisor_reg_t;
#define ARMVISOR_WFE_REG_REQUEST ARMVISOR_WFE_REQUEST_MAGIC32
#define ARMVISOR_WFE_REG_RESPONSE ARMVISOR_WFE_RESPONSE_MAGIC32
#endif

/* Commands (X1 of a request). */
enum armvisor_wfe_command {
    ARMVISOR_WFE_DETECT = 1,
    ARMVISOR_WFE_WATCHDOG_CONFIG = 2,
    ARMVISOR_WFE_WATCHDOG_PET = 3,
    ARMVISOR_WFE_WATCHDOG_DISABLE = 4,
    ARMVISOR_WFE_QUERY_SECURE_MONITOR = 5,
    ARMVISOR_WFE_PRDA_INFO = 6, /* X2 = IPA of the per-vCPU private data area alias, X3 = its size (prda.h) */
    ARMVISOR_WFE_YIELD = 7,     /* give the host thread away now: the switch the hypervisor deferred (prda.h) */
};

/* Status (X1 of a response), plus ARMVISOR_WFE_ABSENT when no agent answered (never sent by an agent). */
enum armvisor_wfe_status {
    ARMVISOR_WFE_OK = 0,
    ARMVISOR_WFE_UNKNOWN_COMMAND = 1,
    ARMVISOR_WFE_DENIED = 2,
    ARMVISOR_WFE_INVALID_ARGUMENT = 3,
    ARMVISOR_WFE_NOT_CONFIGURED = 4,
    ARMVISOR_WFE_ABSENT = -1,
};

/* Identity word (X2 of DETECT): ABI version in bits [63:32], agent bits in [31:0]. */
#define ARMVISOR_WFE_ID_HYPERVISOR (1ULL << 0)
#define ARMVISOR_WFE_ID_SECURE_MONITOR (1ULL << 1)
#define ARMVISOR_WFE_ID_VERSION(identity) ((uint32_t)((identity) >> 32))

/* Capabilities (X3 of DETECT). */
#define ARMVISOR_WFE_CAP_DETECT (1ULL << 0)
#define ARMVISOR_WFE_CAP_WATCHDOG (1ULL << 1)
#define ARMVISOR_WFE_CAP_QUERY_SECURE_MONITOR (1ULL << 2)
#define ARMVISOR_WFE_CAP_MEMORY_BLOCK (1ULL << 3)
#define ARMVISOR_WFE_CAP_ACTION_RESET (1ULL << 4)
#define ARMVISOR_WFE_CAP_ACTION_INTERRUPT (1ULL << 5)
#define ARMVISOR_WFE_CAP_ACTION_LOG (1ULL << 6)
#define ARMVISOR_WFE_CAP_PRDA (1ULL << 7)
#define ARMVISOR_WFE_CAP_YIELD (1ULL << 8)

/* Watchdog actions (X3 bits [7:0] of WATCHDOG_CONFIG) and scope (bit 8). */
enum armvisor_watchdog_action {
    ARMVISOR_WATCHDOG_RESET = 0,
    ARMVISOR_WATCHDOG_INTERRUPT = 1,
    ARMVISOR_WATCHDOG_LOG = 2,
};
#define ARMVISOR_WATCHDOG_PER_VCPU (1ULL << 8)

/* WFEs per request before concluding "absent" (covers a set event register and one stray event; patents.md §2). */
#ifndef ARMVISOR_WFE_ATTEMPTS
#define ARMVISOR_WFE_ATTEMPTS 3
#endif

/* Target event-stream period while a request is outstanding at EL1, in microseconds. */
#ifndef ARMVISOR_WFE_EVENT_PERIOD_US
#define ARMVISOR_WFE_EVENT_PERIOD_US 100
#endif

/* The four registers of a request or response: X0-X3, or R0-R3 in AArch32. */
struct armvisor_wfe_regs {
    armvisor_reg_t x0, x1, x2, x3;
};

/* Outcome of a request: status, results, and how many WFEs it took (1 when the first WFE trapped). */
struct armvisor_wfe_result {
    int status;          /* enum armvisor_wfe_status; ARMVISOR_WFE_ABSENT when nothing answered */
    uint64_t result0;    /* X2 of the response */
    uint64_t result1;    /* X3 of the response */
    unsigned attempts;   /* WFEs executed */
};

/* What DETECT found. */
struct armvisor_agent_info {
    int present;            /* 1: an agent answered */
    int hypervisor;         /* identity bit 0 */
    int secure_monitor;     /* identity bit 1 */
    uint32_t abi_version;   /* identity [63:32] */
    uint64_t identity;      /* raw X2 */
    uint64_t capabilities;  /* raw X3 */
    unsigned attempts;      /* WFEs executed */
};

/*
 * The 64-byte memory-block request (claim 5 variant), 8-byte aligned, in guest RAM. The agent writes the second half
 * and also returns the response in X0-X3.
 */
struct armvisor_wfe_block {
    uint64_t request_magic;  /* 0x00 ARMVISOR_WFE_REQUEST_MAGIC */
    uint64_t command;        /* 0x08 */
    uint64_t argument0;      /* 0x10 */
    uint64_t argument1;      /* 0x18 */
    uint64_t response_magic; /* 0x20 ARMVISOR_WFE_RESPONSE_MAGIC, written by the agent */
    uint64_t status;         /* 0x28 */
    uint64_t result0;        /* 0x30 */
    uint64_t result1;        /* 0x38 */
} __attribute__((aligned(64)));

_Static_assert(sizeof(struct armvisor_wfe_block) == 64, "the ABI's request block is 64 bytes");

/* ---- Raw access ------------------------------------------------------------------------------------------------ */

/* One WFE carrying X0-X3; returns what X0-X3 hold afterwards. Clobbers X0-X3. */
static inline struct armvisor_wfe_regs armvisor_wfe_once(struct armvisor_wfe_regs in)
{
#if defined(__aarch64__)
    register uint64_t x0 __asm__("x0") = in.x0;
    register uint64_t x1 __asm__("x1") = in.x1;
    register uint64_t x2 __asm__("x2") = in.x2;
    register uint64_t x3 __asm__("x3") = in.x3;
#else
    register uint32_t x0 __asm__("r0") = in.x0;
    register uint32_t x1 __asm__("r1") = in.x1;
    register uint32_t x2 __asm__("r2") = in.x2;
    register uint32_t x3 __asm__("r3") = in.x3;
#endif
    /* "memory": the agent may read or write a request block; the WFE must not move across those accesses. */
    __asm__ volatile("wfe" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    struct armvisor_wfe_regs out = { x0, x1, x2, x3 };
    return out;
}

/*
 * EVNTI for a period near period_us at counter frequency freq_hz: with EVNTDIR = 0 an event fires when counter bit
 * EVNTI goes 0 -> 1, i.e. every 2^(EVNTI+1) ticks. Returns the largest EVNTI whose period is at most period_us
 * (clamped to 0..15).
 */
static inline unsigned armvisor_event_stream_evnti(uint32_t freq_hz, unsigned period_us)
{
    /* 32-bit arithmetic only (CNTFRQ is 32 bits wide; no libgcc division on AArch32). */
    uint32_t ticks = freq_hz / 1000000u * period_us;
    if (ticks == 0) {
        ticks = freq_hz / 1000u * period_us / 1000u;
    }
    unsigned evnti = 0;
    while (evnti < 15 && (2u << (evnti + 1)) <= ticks) {
        evnti++;
    }
    return evnti;
}

/* CNTKCTL_EL1 (AArch32: CNTKCTL, p15 c14 c1 0) and CNTFRQ_EL0 (CNTFRQ, p15 c14 c0 0). */
static inline uint64_t armvisor_cntkctl_read(void)
{
#if defined(__aarch64__)
    uint64_t v;
    __asm__ volatile("mrs %0, cntkctl_el1" : "=r"(v));
    return v;
#else
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c14, c1, 0" : "=r"(v));
    return v;
#endif
}

static inline void armvisor_cntkctl_write(uint64_t value)
{
#if defined(__aarch64__)
    __asm__ volatile("msr cntkctl_el1, %0\n isb" : : "r"(value) : "memory");
#else
    __asm__ volatile("mcr p15, 0, %0, c14, c1, 0\n isb" : : "r"((uint32_t)value) : "memory");
#endif
}

static inline uint32_t armvisor_cntfrq_read(void)
{
#if defined(__aarch64__)
    uint64_t v;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
    return (uint32_t)v;
#else
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));
    return v;
#endif
}

/* EL1 only: enables the event stream with the default period; returns the CNTKCTL_EL1 value to restore. */
static inline uint64_t armvisor_event_stream_begin(void)
{
    uint64_t saved = armvisor_cntkctl_read();
    unsigned evnti = armvisor_event_stream_evnti(armvisor_cntfrq_read(), ARMVISOR_WFE_EVENT_PERIOD_US);
    /* CNTKCTL_EL1: EVNTI [7:4], EVNTDIR bit 3 (0: 0->1 transitions), EVNTEN bit 2 (DDI0487 D17.9.4). */
    armvisor_cntkctl_write((saved & ~0xF8ULL) | ((uint64_t)evnti << 4) | (1ULL << 2));
    return saved;
}

static inline void armvisor_event_stream_end(uint64_t saved)
{
    armvisor_cntkctl_write(saved);
}

/*
 * Sends one register request with up to ARMVISOR_WFE_ATTEMPTS WFEs and no change to the timer (EL0, or EL1 code that
 * manages the event stream itself).
 */
static inline struct armvisor_wfe_result armvisor_request_unbounded(uint64_t command, uint64_t argument0,
                                                                    uint64_t argument1)
{
    struct armvisor_wfe_result result = { ARMVISOR_WFE_ABSENT, 0, 0, 0 };
    struct armvisor_wfe_regs request = { ARMVISOR_WFE_REG_REQUEST, (armvisor_reg_t)command, (armvisor_reg_t)argument0,
                                         (armvisor_reg_t)argument1 };
    while (result.attempts < ARMVISOR_WFE_ATTEMPTS) {
        struct armvisor_wfe_regs response = armvisor_wfe_once(request);
        result.attempts++;
        if (response.x0 == ARMVISOR_WFE_REG_RESPONSE) {
            result.status = (int)response.x1;
            result.result0 = response.x2;
            result.result1 = response.x3;
            break;
        }
    }
    return result;
}

/* EL1: one register request, each WFE bounded by the event stream (CNTKCTL_EL1 restored afterwards). */
static inline struct armvisor_wfe_result armvisor_request(uint64_t command, uint64_t argument0, uint64_t argument1)
{
    uint64_t saved = armvisor_event_stream_begin();
    struct armvisor_wfe_result result = armvisor_request_unbounded(command, argument0, argument1);
    armvisor_event_stream_end(saved);
    return result;
}

#if defined(__aarch64__)
/*
 * EL1: the memory-block variant (AArch64 only). block_ipa is the block's guest physical address (equal to its address
 * when the MMU is off or identity-mapped). The response is read from the block; X0 confirms it.
 */
static inline struct armvisor_wfe_result armvisor_request_block(volatile struct armvisor_wfe_block *block,
                                                                uint64_t block_ipa, uint64_t command,
                                                                uint64_t argument0, uint64_t argument1)
{
    struct armvisor_wfe_result result = { ARMVISOR_WFE_ABSENT, 0, 0, 0 };
    block->request_magic = ARMVISOR_WFE_REQUEST_MAGIC;
    block->command = command;
    block->argument0 = argument0;
    block->argument1 = argument1;
    block->response_magic = 0;
    /* The agent reads the block from memory when the WFE traps: complete the stores first (DDI0487 B2.3.11). */
    __asm__ volatile("dsb sy" : : : "memory");
    uint64_t saved = armvisor_event_stream_begin();
    struct armvisor_wfe_regs request = { ARMVISOR_WFE_MEMORY_MAGIC, block_ipa, 0, 0 };
    while (result.attempts < ARMVISOR_WFE_ATTEMPTS) {
        struct armvisor_wfe_regs response = armvisor_wfe_once(request);
        result.attempts++;
        if (response.x0 == ARMVISOR_WFE_RESPONSE_MAGIC && block->response_magic == ARMVISOR_WFE_RESPONSE_MAGIC) {
            result.status = (int)block->status;
            result.result0 = block->result0;
            result.result1 = block->result1;
            break;
        }
    }
    armvisor_event_stream_end(saved);
    return result;
}
#endif

/* ---- Commands ------------------------------------------------------------------------------------------------- */

static inline struct armvisor_agent_info armvisor_agent_info_from(struct armvisor_wfe_result r)
{
    struct armvisor_agent_info info = { 0, 0, 0, 0, 0, 0, r.attempts };
    if (r.status == ARMVISOR_WFE_OK) {
        info.present = 1;
        info.identity = r.result0;
        info.capabilities = r.result1;
        info.hypervisor = (r.result0 & ARMVISOR_WFE_ID_HYPERVISOR) != 0;
        info.secure_monitor = (r.result0 & ARMVISOR_WFE_ID_SECURE_MONITOR) != 0;
#if defined(__aarch64__)
        info.abi_version = ARMVISOR_WFE_ID_VERSION(r.result0);
#else
        info.abi_version = 1; /* R2 has no room for the version; the AArch32 magics are ABI version 1's */
#endif
    }
    return info;
}

/* EL1: is an agent there, which one, and what can it do? Never faults; at most ARMVISOR_WFE_ATTEMPTS event periods. */
static inline struct armvisor_agent_info armvisor_detect(void)
{
    return armvisor_agent_info_from(armvisor_request(ARMVISOR_WFE_DETECT, 0, 0));
}

/* EL0: DETECT without touching the timer; answered only when the VM's configuration lets EL0 use DETECT. */
static inline struct armvisor_agent_info armvisor_detect_el0(void)
{
    return armvisor_agent_info_from(armvisor_request_unbounded(ARMVISOR_WFE_DETECT, 0, 0));
}

/* EL1: asks the hypervisor which secure monitor it sits on (info.present = 0 when none, or no hypervisor answered). */
static inline struct armvisor_agent_info armvisor_query_secure_monitor(void)
{
    struct armvisor_wfe_result r = armvisor_request(ARMVISOR_WFE_QUERY_SECURE_MONITOR, 0, 0);
    if (r.status == ARMVISOR_WFE_OK && r.result0 == 0) {
        r.status = ARMVISOR_WFE_ABSENT;
    }
    return armvisor_agent_info_from(r);
}

/* EL1: arms (or re-arms) a watchdog; returns the status (ARMVISOR_WFE_ABSENT with no agent). */
static inline int armvisor_watchdog_configure(uint64_t timeout_ms, enum armvisor_watchdog_action action, int per_vcpu)
{
    uint64_t flags = (uint64_t)action | (per_vcpu ? ARMVISOR_WATCHDOG_PER_VCPU : 0);
    return armvisor_request(ARMVISOR_WFE_WATCHDOG_CONFIG, timeout_ms, flags).status;
}

/* EL1: restarts the countdown (one trap). */
static inline int armvisor_watchdog_pet(void)
{
    return armvisor_request(ARMVISOR_WFE_WATCHDOG_PET, 0, 0).status;
}

/* EL1: stops the watchdog. */
static inline int armvisor_watchdog_disable(void)
{
    return armvisor_request(ARMVISOR_WFE_WATCHDOG_DISABLE, 0, 0).status;
}

static inline const char *armvisor_wfe_status_name(int status)
{
    switch (status) {
    case ARMVISOR_WFE_OK: return "ok";
    case ARMVISOR_WFE_UNKNOWN_COMMAND: return "unknown-command";
    case ARMVISOR_WFE_DENIED: return "denied";
    case ARMVISOR_WFE_INVALID_ARGUMENT: return "invalid-argument";
    case ARMVISOR_WFE_NOT_CONFIGURED: return "not-configured";
    case ARMVISOR_WFE_ABSENT: return "absent";
    default: return "unknown-status";
    }
}

/* "hypervisor", "secure-monitor", "absent" (what answered a DETECT). */
static inline const char *armvisor_agent_name(const struct armvisor_agent_info *info)
{
    if (!info->present) {
        return "absent";
    }
    return info->hypervisor ? "hypervisor" : info->secure_monitor ? "secure-monitor" : "unknown-agent";
}

#ifdef __cplusplus
}
#endif

#endif
