namespace Armvisor.Arm64;

/// <summary>ISS for a trapped WFI or WFE, EC 0x01 (DDI0487 D24.2.40, "ISS encoding for an exception from a WFI or WFE instruction").</summary>
public readonly record struct WfxIss(uint Value)
{
    /// <summary>TI, bits [1:0]: 0 WFI, 1 WFE, 2 WFIT, 3 WFET.</summary>
    public bool IsWfe => (Value & 1) != 0;

    /// <summary>CV, bit [24]: COND is valid (AArch32 only).</summary>
    public bool ConditionValid => (Value & (1u << 24)) != 0;

    /// <summary>Builds the ISS of a trapped WFI (<paramref name="isWfe"/> false) or WFE, AArch64 (CV=0, COND=0b1110 is only meaningful for AArch32).</summary>
    public static WfxIss Create(bool isWfe) => new(isWfe ? 1u : 0u);
}
