namespace Armvisor.Arm64;

/// <summary>
/// An SMC Calling Convention function identifier in W0 (Arm DEN0028 §2.5): bit 31 fast call, bit 30 SMC64,
/// bits [29:24] owning entity, bits [15:0] function number.
/// </summary>
public readonly record struct SmcccFunctionId(uint Value)
{
    /// <summary>SMCCC_VERSION (DEN0028 §7.2).</summary>
    public const uint SmcccVersion = 0x8000_0000;

    /// <summary>SMCCC_ARCH_FEATURES (DEN0028 §7.3).</summary>
    public const uint SmcccArchFeatures = 0x8000_0001;

    /// <summary>SMCCC_ARCH_WORKAROUND_1 (Spectre v2).</summary>
    public const uint ArchWorkaround1 = 0x8000_8000;

    /// <summary>SMCCC_ARCH_WORKAROUND_2 (Spectre v4).</summary>
    public const uint ArchWorkaround2 = 0x8000_7FFF;

    /// <summary>SMCCC_ARCH_WORKAROUND_3 (Spectre-BHB).</summary>
    public const uint ArchWorkaround3 = 0x8000_3FFF;

    /// <summary>Vendor-specific hypervisor service call UID query (DEN0028 §6.2, owner 6).</summary>
    public const uint VendorHypCallUid = 0x8600_FF01;

    /// <summary>Bit 31: a fast call.</summary>
    public bool IsFastCall => (Value & 0x8000_0000) != 0;

    /// <summary>Bit 30: the SMC64/HVC64 calling convention.</summary>
    public bool Is64Bit => (Value & 0x4000_0000) != 0;

    /// <summary>Bits [29:24]: the owning entity (0 Arm architecture, 4 standard secure service such as PSCI, 6 vendor hypervisor).</summary>
    public int Owner => (int)((Value >> 24) & 0x3F);

    /// <summary>Bits [15:0].</summary>
    public int Number => (int)(Value & 0xFFFF);

    public override string ToString() => $"0x{Value:X8}";
}
