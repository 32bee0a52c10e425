namespace Armvisor.Engine.Interpreter.Execution;

/// <summary>
/// <see cref="Armvisor.Arm64.SystemRegisterEncoding.Key"/> values of the System registers and special-purpose registers
/// the interpreter core itself handles (DDI0487 C5.2 special-purpose registers, D23 register descriptions).
/// </summary>
internal static class SysRegKeys
{
    public const ushort Nzcv = (3 << 14) | (3 << 11) | (4 << 7) | (2 << 3) | 0;
    public const ushort Daif = (3 << 14) | (3 << 11) | (4 << 7) | (2 << 3) | 1;
    public const ushort Fpcr = (3 << 14) | (3 << 11) | (4 << 7) | (4 << 3) | 0;
    public const ushort Fpsr = (3 << 14) | (3 << 11) | (4 << 7) | (4 << 3) | 1;
    public const ushort CurrentEl = (3 << 14) | (0 << 11) | (4 << 7) | (2 << 3) | 2;
    public const ushort SpSel = (3 << 14) | (0 << 11) | (4 << 7) | (2 << 3) | 0;
    public const ushort Pan = (3 << 14) | (0 << 11) | (4 << 7) | (2 << 3) | 3;
    public const ushort SpEl0 = (3 << 14) | (0 << 11) | (4 << 7) | (1 << 3) | 0;
    public const ushort SpEl1 = (3 << 14) | (4 << 11) | (4 << 7) | (1 << 3) | 0;
    public const ushort SpsrEl1 = (3 << 14) | (0 << 11) | (4 << 7) | (0 << 3) | 0;
    public const ushort ElrEl1 = (3 << 14) | (0 << 11) | (4 << 7) | (0 << 3) | 1;
    public const ushort SctlrEl1 = (3 << 14) | (0 << 11) | (1 << 7) | (0 << 3) | 0;
    public const ushort Ttbr0El1 = (3 << 14) | (0 << 11) | (2 << 7) | (0 << 3) | 0;
    public const ushort Ttbr1El1 = (3 << 14) | (0 << 11) | (2 << 7) | (0 << 3) | 1;
    public const ushort TcrEl1 = (3 << 14) | (0 << 11) | (2 << 7) | (0 << 3) | 2;
    public const ushort EsrEl1 = (3 << 14) | (0 << 11) | (5 << 7) | (2 << 3) | 0;
    public const ushort FarEl1 = (3 << 14) | (0 << 11) | (6 << 7) | (0 << 3) | 0;
    public const ushort MairEl1 = (3 << 14) | (0 << 11) | (10 << 7) | (2 << 3) | 0;
    public const ushort VbarEl1 = (3 << 14) | (0 << 11) | (12 << 7) | (0 << 3) | 0;
    public const ushort TpidrEl0 = (3 << 14) | (3 << 11) | (13 << 7) | (0 << 3) | 2;
    public const ushort TpidrroEl0 = (3 << 14) | (3 << 11) | (13 << 7) | (0 << 3) | 3;
    public const ushort TpidrEl1 = (3 << 14) | (0 << 11) | (13 << 7) | (0 << 3) | 4;
    public const ushort ContextidrEl1 = (3 << 14) | (0 << 11) | (13 << 7) | (0 << 3) | 1;
    public const ushort CpacrEl1 = (3 << 14) | (0 << 11) | (1 << 7) | (0 << 3) | 2;
    public const ushort CtrEl0 = (3 << 14) | (3 << 11) | (0 << 7) | (0 << 3) | 1;
    public const ushort DczidEl0 = (3 << 14) | (3 << 11) | (0 << 7) | (0 << 3) | 7;
    public const ushort CntfrqEl0 = (3 << 14) | (3 << 11) | (14 << 7) | (0 << 3) | 0;
    public const ushort CntpctEl0 = (3 << 14) | (3 << 11) | (14 << 7) | (0 << 3) | 1;
    public const ushort CntvctEl0 = (3 << 14) | (3 << 11) | (14 << 7) | (0 << 3) | 2;
    public const ushort MidrEl1 = (3 << 14) | (0 << 11) | (0 << 7) | (0 << 3) | 0;
    public const ushort MpidrEl1 = (3 << 14) | (0 << 11) | (0 << 7) | (0 << 3) | 5;
    public const ushort HcrEl2 = (3 << 14) | (4 << 11) | (1 << 7) | (1 << 3) | 0;
    public const ushort ScrEl3 = (3 << 14) | (6 << 11) | (1 << 7) | (1 << 3) | 0;
    public const ushort ParEl1 = (3 << 14) | (0 << 11) | (7 << 7) | (4 << 3) | 0;
}
