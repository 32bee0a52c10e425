namespace Armvisor.Engine.Execution;

/// <summary><see cref="Armvisor.Arm64.SystemRegisterEncoding.Key"/> values the instruction handlers test directly.</summary>
internal static class SysRegKeys
{
    /// <summary>NZCV (DDI0487 C5.2.9): op0=3, op1=3, CRn=4, CRm=2, op2=0. MRS/MSR of it bypass the register file.</summary>
    public const ushort Nzcv = (3 << 14) | (3 << 11) | (4 << 7) | (2 << 3) | 0;
}
