using Armvisor.Arm64;
using Armvisor.Devices.Registers;

namespace Armvisor.Devices.Tests.Registers;

public class RegisterMapTests
{
    private static RegisterMap NewMap() => new(0x100, new GuestAccessLog("test", null));

    [Fact]
    public void Read_UnknownOffset_ReadsZeroAndLogs()
    {
        var map = NewMap();
        map.DefineConstant(0x0, "ID", 0x1234);

        Assert.Equal(0UL, map.Read(0x40, AccessSize.Word));
        Assert.Equal(1, map.Log.EventCount);
    }

    [Fact]
    public void Write_UnknownOffset_IsIgnoredAndLogged()
    {
        var map = NewMap();

        map.Write(0x40, AccessSize.Word, 0xFFFF);

        Assert.Equal(0UL, map.Read(0x40, AccessSize.Word));
        Assert.Equal(2, map.Log.EventCount);
    }

    [Fact]
    public void Write_ByteToSecondByte_ChangesOnlyCoveredField()
    {
        var map = NewMap();
        map.Define(0x0, "CR", r => r.WithField(0, 8, "LOW", out _).WithField(8, 8, "HIGH", out _, reset: 0x11));

        map.Write(0x0, AccessSize.Word, 0x2233);
        map.Write(0x1, AccessSize.Byte, 0x44);

        Assert.Equal(0x4433UL, map.Read(0x0, AccessSize.Word));
    }

    [Fact]
    public void Write_WriteOneToClearField_ClearsOnlyWrittenOnes()
    {
        var map = NewMap();
        map.Define(0x0, "RIS", r => r.WithField(0, 8, "BITS", out _, FieldMode.WriteOneToClear, reset: 0xFF));

        map.Write(0x0, AccessSize.Word, 0x0F);

        Assert.Equal(0xF0UL, map.Read(0x0, AccessSize.Word));
    }

    [Fact]
    public void Write_ReadOnlyAndReservedBits_AreIgnored()
    {
        var map = NewMap();
        map.Define(0x0, "FR", r => r.WithFlag(0, "RO", FieldMode.ReadOnly, reset: true).WithReserved(1, 31));

        map.Write(0x0, AccessSize.Word, 0xFFFF_FFFE);

        Assert.Equal(1UL, map.Read(0x0, AccessSize.Word));
    }

    [Fact]
    public void Read_DoublewordOverTwoWordRegisters_CombinesBoth()
    {
        var map = NewMap();
        map.DefineConstant(0x8, "LOW", 0x1111_2222).DefineConstant(0xC, "HIGH", 0x3333_4444);

        Assert.Equal(0x3333_4444_1111_2222UL, map.Read(0x8, AccessSize.Doubleword));
    }

    [Fact]
    public void WriteArray_ByteAccess_WritesOnlyThatElement()
    {
        var map = NewMap();
        var priorities = new ulong[8];
        map.DefineArray(0x20, "IPRIORITYR", 0, 8, 8, i => priorities[i], (i, v) => priorities[i] = v);

        map.Write(0x22, AccessSize.Byte, 0xA0);

        Assert.Equal([0UL, 0, 0xA0, 0, 0, 0, 0, 0], priorities);
        Assert.Equal(0xA0_0000UL, map.Read(0x20, AccessSize.Word));
    }

    [Fact]
    public void Define_OverlappingRegister_Throws()
    {
        var map = NewMap();
        map.DefineConstant(0x0, "A", 0, AccessSize.Doubleword);

        Assert.Throws<ArgumentException>(() => map.DefineConstant(0x4, "B", 0));
    }
}
