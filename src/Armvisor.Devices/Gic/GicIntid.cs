namespace Armvisor.Devices.Gic;

/// <summary>INTID ranges and well-known INTIDs (IHI0069 §2.2 "INTIDs"; Arm BSA for the PPI assignments).</summary>
public static class GicIntid
{
    /// <summary>SGIs are INTIDs 0-15.</summary>
    public const int SgiCount = 16;

    /// <summary>First PPI; PPIs are INTIDs 16-31.</summary>
    public const int FirstPpi = 16;

    /// <summary>First SPI; SPIs are INTIDs 32-1019.</summary>
    public const int FirstSpi = 32;

    /// <summary>Largest SPI count (INTIDs 32-1019).</summary>
    public const int MaxSpiCount = 988;

    /// <summary>INTID returned by an acknowledge when nothing can be acknowledged (IHI0069 §2.2.1).</summary>
    public const int Spurious = 1023;

    /// <summary>GIC maintenance interrupt PPI (BSA).</summary>
    public const int MaintenancePpi = 25;

    /// <summary>Non-secure EL2 physical timer PPI (CNTHP).</summary>
    public const int HypervisorTimerPpi = 26;

    /// <summary>EL1 virtual timer PPI (CNTV).</summary>
    public const int VirtualTimerPpi = 27;

    /// <summary>Non-secure EL1 physical timer PPI (CNTP).</summary>
    public const int PhysicalTimerPpi = 30;
}
