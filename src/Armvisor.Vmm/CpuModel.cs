namespace Armvisor.Vmm;

/// <summary>The CPU a machine presents (<c>--cpu</c>), as QEMU's <c>-cpu</c> names it.</summary>
public enum CpuModel
{
    /// <summary>Armv8-A, EL1 in AArch64 (the engine's default identity, MIDR of a Cortex-A72).</summary>
    CortexA72,

    /// <summary>An ARMv7-A guest: EL1 in AArch32 (HCR_EL2.RW = 0), starting in SVC mode like QEMU's
    /// <c>-M virt -cpu cortex-a15</c>. Chosen automatically for an ELF32 Arm kernel.</summary>
    CortexA15,
}
