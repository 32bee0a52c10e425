namespace Armvisor.Engine;

/// <summary>How a VM's engine partition is built.</summary>
/// <param name="HasEl2">An EL2 agent (the hypervisor core) is present. Without it HVC is UNDEFINED (DDI0487 C6.2.112) and HCR_EL2 reads as 0.</param>
/// <param name="HasEl3">An EL3 agent (the secure monitor) is present. Without it SMC is UNDEFINED (DDI0487 C6.2.255).</param>
/// <param name="CounterFrequency">CNTFRQ_EL0 in Hz (QEMU virt: 62.5 MHz).</param>
/// <param name="Deterministic">The counter advances with retired instructions instead of host time, so a run repeats exactly.</param>
/// <param name="Midr">MIDR_EL1 (default: Cortex-A72 r0p3).</param>
/// <param name="Semihosting">HLT #0xF000 leaves Run as <see cref="EngineExitReason.SemihostingCall"/> instead of being UNDEFINED
/// (the host acts as the external debugger semihosting was defined for).</param>
/// <param name="AArch32El1">The PE is an ARMv7-A-class Cortex-A15 whose EL1 runs in AArch32: the AArch32 ID registers,
/// CLIDR/CCSIDR and the CP14 debug ID read a Cortex-A15's values (QEMU's <c>-cpu cortex-a15</c>) instead of zero.</param>
/// <param name="Tier">The highest execution tier (null: the environment variable ARMVISOR_ENGINE_TIER, else <see cref="EngineTier.Native"/>).</param>
public sealed record PartitionOptions(
    bool HasEl2 = true,
    bool HasEl3 = true,
    ulong CounterFrequency = 62_500_000,
    bool Deterministic = false,
    ulong Midr = 0x410F_D083,
    bool Semihosting = false,
    bool AArch32El1 = false,
    EngineTier? Tier = null);
