using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests;

public class SysRegAccessExtensionsTests
{
    [Fact]
    public void Syndrome_TrapToEl2_IsEc18WithEncodingRtAndDirection()
    {
        ExceptionSyndrome esr = SysRegAccess.TrapToEl2.Syndrome(SysReg.IccIar1El1.Key, register: 3, isRead: true);
        Assert.Equal(ExceptionClass.TrappedMsrMrs, esr.Class);
        Assert.Equal(SysReg.IccIar1El1, esr.SysReg.Encoding);
        Assert.Equal(3, esr.SysReg.Register);
        Assert.True(esr.SysReg.IsRead);
        Assert.Equal(2, SysRegAccess.TrapToEl2.TargetExceptionLevel());
    }

    [Fact]
    public void Syndrome_FpTrap_IsEc07LikeLinuxSees()
    {
        Assert.Equal(0x1FE0_0000UL, SysRegAccess.FpTrapToEl1.Syndrome(0, 0, false).Value);
        Assert.Equal(3, SysRegAccess.FpTrapToEl3.TargetExceptionLevel());
    }

    [Fact]
    public void Syndrome_Undefined_IsEc00ToEl1()
    {
        Assert.Equal(0x0200_0000UL, SysRegAccess.Undefined.Syndrome(SysReg.SctlrEl1.Key, 1, false).Value);
        Assert.Equal(1, SysRegAccess.Undefined.TargetExceptionLevel());
    }
}
