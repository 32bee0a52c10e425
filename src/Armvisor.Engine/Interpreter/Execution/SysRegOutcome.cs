namespace Armvisor.Engine.Interpreter.Execution;

/// <summary>What a guest MRS/MSR/SYS access to the System-register file resolves to (DDI0487 D1.10, C5.3).</summary>
internal enum SysRegOutcome : byte
{
    Ok,
    Undefined,

    /// <summary>Trapped to EL2: exit with EC 0x18 and the SysRegIss.</summary>
    TrapToEl2,
}
