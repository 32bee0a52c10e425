using Armvisor.Arm64;

namespace Armvisor.Engine.SystemLevel;

/// <summary>Turns an access-check outcome into the exception the interpreter takes or the exit it returns.</summary>
public static class SysRegAccessExtensions
{
    /// <summary>ISS of an FP/AdvSIMD access trap from AArch64: CV = 1, COND = 0b1110 (DDI0487 D24.2.40, EC 0x07).</summary>
    private const uint FpAccessIss = (1u << 24) | (0b1110u << 20);

    /// <summary>The Exception level the exception goes to: 1 (the interpreter takes it), 2 or 3 (an exit to that agent); 0 for Ok.</summary>
    public static int TargetExceptionLevel(this SysRegAccess access) => access switch
    {
        SysRegAccess.Ok => 0,
        SysRegAccess.TrapToEl2 or SysRegAccess.FpTrapToEl2 => 2,
        SysRegAccess.TrapToEl3 or SysRegAccess.FpTrapToEl3 => 3,
        _ => 1,
    };

    /// <summary>
    /// The syndrome for a refused access: EC 0x00 for UNDEFINED, EC 0x18 with the MSR/MRS/SYS ISS for traps, EC 0x07 for
    /// FP traps. <paramref name="key"/>, <paramref name="register"/> (Rt) and <paramref name="isRead"/> describe the instruction.
    /// </summary>
    public static ExceptionSyndrome Syndrome(this SysRegAccess access, ushort key, int register, bool isRead) => access switch
    {
        SysRegAccess.TrapToEl1 or SysRegAccess.TrapToEl2 or SysRegAccess.TrapToEl3 => ExceptionSyndrome.Create(
            ExceptionClass.TrappedMsrMrs, SysRegIss.Create(SystemRegisterEncoding.FromKey(key), register, isRead).Value),
        SysRegAccess.FpTrapToEl1 or SysRegAccess.FpTrapToEl2 or SysRegAccess.FpTrapToEl3 =>
            ExceptionSyndrome.Create(ExceptionClass.SimdFpAccess, FpAccessIss),
        _ => ExceptionSyndrome.Create(ExceptionClass.Unknown, 0),
    };
}
