namespace Armvisor.Engine.SystemLevel;

/// <summary>Where a System register's value lives and how an access is carried out.</summary>
internal enum SystemRegisterKind : byte
{
    /// <summary>Plain storage with a writable mask and RES1 bits.</summary>
    Storage,

    /// <summary>A read-only value fixed when the vCPU is built (ID registers).</summary>
    Constant,

    /// <summary>Reads as zero, writes ignored.</summary>
    RazWi,

    /// <summary>Computed from other state; see <see cref="SpecialRegister"/>.</summary>
    Special,

    /// <summary>Handled by <see cref="GenericTimers"/>; see <see cref="TimerRegister"/>.</summary>
    Timer,

    /// <summary>Handled by <see cref="PerformanceMonitors"/>; see <see cref="PerformanceMonitorRegister"/>.</summary>
    PerformanceMonitor,

    /// <summary>A System instruction (op0=1): the access check decides, the interpreter performs <see cref="SystemOperation"/>.</summary>
    Instruction,
}
