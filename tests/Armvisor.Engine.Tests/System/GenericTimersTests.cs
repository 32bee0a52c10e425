using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests;

public class GenericTimersTests
{
    private readonly ManualCounter _counter = new() { Now = 1_000 };

    [Fact]
    public void TimerValue_Write_SetsCompareValueToCountPlusSignedTval()
    {
        GenericTimers timers = Timers();
        timers.Write(TimerRegister.PhysicalTimerValue, 500);
        Assert.Equal(1_500UL, timers.Read(TimerRegister.PhysicalCompareValue));
        timers.Write(TimerRegister.PhysicalTimerValue, 0xFFFF_FF9C); // -100
        Assert.Equal(900UL, timers.Read(TimerRegister.PhysicalCompareValue));
    }

    [Fact]
    public void TimerValue_Read_IsCompareMinusCountLow32Bits()
    {
        GenericTimers timers = Timers();
        timers.Write(TimerRegister.VirtualCompareValue, 1_250);
        Assert.Equal(250UL, timers.Read(TimerRegister.VirtualTimerValue));
        _counter.Now = 1_300;
        Assert.Equal(0xFFFF_FFCEUL, timers.Read(TimerRegister.VirtualTimerValue)); // -50 as a 32-bit value
    }

    [Fact]
    public void Control_IStatus_IsComputedFromEnableAndCondition()
    {
        GenericTimers timers = Timers();
        timers.Write(TimerRegister.VirtualCompareValue, 1_100);
        timers.Write(TimerRegister.VirtualControl, GenericTimers.ControlEnable | GenericTimers.ControlInterruptStatus);
        Assert.Equal(GenericTimers.ControlEnable, timers.Read(TimerRegister.VirtualControl));
        _counter.Now = 1_100;
        Assert.Equal(GenericTimers.ControlEnable | GenericTimers.ControlInterruptStatus, timers.Read(TimerRegister.VirtualControl));
        Assert.True(timers.IsOutputAsserted(GenericTimerKind.Virtual));
        timers.Write(TimerRegister.VirtualControl, 0);
        Assert.Equal(0UL, timers.Read(TimerRegister.VirtualControl));
        Assert.False(timers.ConditionMet(GenericTimerKind.Virtual));
    }

    [Fact]
    public void Output_WithIMask_IsLowWhileConditionHolds()
    {
        GenericTimers timers = Timers();
        timers.Write(TimerRegister.PhysicalCompareValue, 0);
        timers.Write(TimerRegister.PhysicalControl, GenericTimers.ControlEnable | GenericTimers.ControlInterruptMask);
        Assert.True(timers.ConditionMet(GenericTimerKind.Physical));
        Assert.False(timers.IsOutputAsserted(GenericTimerKind.Physical));
        Assert.Equal(0b111UL, timers.Read(TimerRegister.PhysicalControl));
    }

    [Fact]
    public void Condition_ComparesUnsigned()
    {
        GenericTimers timers = Timers();
        timers.Write(TimerRegister.PhysicalCompareValue, ulong.MaxValue);
        timers.Write(TimerRegister.PhysicalControl, GenericTimers.ControlEnable);
        Assert.False(timers.ConditionMet(GenericTimerKind.Physical));
    }

    [Fact]
    public void VirtualCount_SubtractsOffsetOnlyWithEl2()
    {
        GenericTimers timers = Timers();
        timers.VirtualOffset = 300;
        Assert.Equal(700UL, timers.VirtualCount);
        GenericTimers noEl2 = new(_counter, hasEl2: false) { VirtualOffset = 300 };
        Assert.Equal(1_000UL, noEl2.VirtualCount);
    }

    [Fact]
    public void NextDeadline_IsEarliestUnmaskedTimerInPhysicalTicks()
    {
        GenericTimers timers = Timers();
        Assert.Null(timers.NextDeadline());
        timers.VirtualOffset = 200;
        timers.Write(TimerRegister.VirtualCompareValue, 1_000); // physical 1_200
        timers.Write(TimerRegister.VirtualControl, GenericTimers.ControlEnable);
        timers.Write(TimerRegister.PhysicalCompareValue, 5_000);
        timers.Write(TimerRegister.PhysicalControl, GenericTimers.ControlEnable);
        Assert.Equal(1_200UL, timers.NextDeadline());
        timers.Write(TimerRegister.VirtualControl, GenericTimers.ControlEnable | GenericTimers.ControlInterruptMask);
        Assert.Equal(5_000UL, timers.NextDeadline());
        Assert.Equal(1_200UL, timers.NextDeadline(includeMasked: true));
    }

    [Fact]
    public void Deadline_VirtualPastCounterRange_IsNever()
    {
        GenericTimers timers = Timers();
        timers.VirtualOffset = 10;
        timers.Write(TimerRegister.VirtualCompareValue, ulong.MaxValue - 5);
        timers.Write(TimerRegister.VirtualControl, GenericTimers.ControlEnable);
        Assert.Null(timers.Deadline(GenericTimerKind.Virtual));
    }

    [Theory]
    // EVNTI = 3: bit 3 of CNTVCT toggles every 8 ticks; 0→1 at 8, 24, 40...; 1→0 at 16, 32...
    [InlineData(0UL, false, 8UL)]
    [InlineData(8UL, false, 24UL)]
    [InlineData(9UL, false, 24UL)]
    [InlineData(0UL, true, 16UL)]
    [InlineData(16UL, true, 32UL)]
    public void NextEventStreamTick_FollowsEvntiAndEvntdir(ulong now, bool fallingEdge, ulong expected)
    {
        GenericTimers timers = Timers();
        timers.KernelControl = GenericTimers.KernelControlEventEnable | (3UL << 4) | (fallingEdge ? GenericTimers.KernelControlEventDirection : 0);
        Assert.Equal(expected, timers.NextEventStreamTick(now));
        Assert.True(timers.EventStreamFired(now, expected));
        Assert.False(timers.EventStreamFired(now, expected - 1));
    }

    [Fact]
    public void NextEventStreamTick_Disabled_IsNull()
    {
        GenericTimers timers = Timers();
        timers.KernelControl = 3UL << 4;
        Assert.Null(timers.NextEventStreamTick(0));
        Assert.False(timers.EventStreamFired(0, 1_000));
    }

    [Fact]
    public void KernelControl_KeepsDefinedBitsOnly()
    {
        GenericTimers timers = Timers();
        timers.Write(TimerRegister.KernelControl, ulong.MaxValue);
        Assert.Equal(0x3FFUL, timers.Read(TimerRegister.KernelControl));
    }

    private GenericTimers Timers() => new(_counter, hasEl2: true);
}
