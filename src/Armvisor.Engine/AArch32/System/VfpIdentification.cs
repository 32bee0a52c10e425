namespace Armvisor.Engine.AArch32.System;

/// <summary>
/// The VFP identification registers VMRS reads (DDI0487 G8.2.54 FPSID, G8.2.105/106 MVFR0/MVFR1) with the values of
/// an ARM Cortex-A15 r2p1 (its TRM, and what QEMU's cortex-a15 reports): VFPv4-D32 (32 double registers, single and
/// double precision, divide, square root, no trapping, no short vectors, rounding modes), Advanced SIMD v2 with
/// integer, single precision, load/store, half-precision conversion and fused multiply-add. MVFR2 is Armv8 and
/// UNDEFINED on this PE.
/// </summary>
internal static class VfpIdentification
{
    /// <summary>Implementer 0x41, SW 0, subarchitecture 0b0000100 (VFPv3+ common, null), part 0x30, variant 0xF, revision 0.</summary>
    public const uint Fpsid = 0x4104_30F0;

    /// <summary>FPRound 1, FPShVec 0, FPSqrt 1, FPDivide 1, FPTrap 0, FPDP 2, FPSP 2, SIMDReg 2 (32 x 64-bit).</summary>
    public const uint Mvfr0 = 0x1011_0222;

    /// <summary>SIMDFMAC 1, FPHP 1, SIMDHP 1, SIMDSP 1, SIMDInt 1, SIMDLS 1, FPDNaN 1, FPFtZ 1.</summary>
    public const uint Mvfr1 = 0x1111_1111;
}
