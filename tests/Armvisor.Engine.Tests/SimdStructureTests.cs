using Armvisor.Engine;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>LD1-LD4/ST1-ST4 (multiple structures): element order, de-interleaving and post-index (DDI0487 C7.2).</summary>
public sealed class SimdStructureTests
{
    private const ulong Data = TestMachine.DataBase;

    private static TestMachine WithWords(int count)
    {
        var m = new TestMachine();
        for (uint i = 0; i < count; i++)
        {
            m.Ram.Write(new GuestPhysicalAddress(Data + (4 * i)), i);
        }

        m.SetX(1, Data);
        return m;
    }

    [Fact]
    public void Ld1_SixteenBytes_FillsOneRegister()
    {
        using TestMachine m = WithWords(4);
        m.Run(0x4C407020u, Hvc(0)); // LD1 {V0.16B}, [X1]
        Assert.Equal(new UInt128(0x0000_0003_0000_0002UL, 0x0000_0001_0000_0000UL), m.Cpu.GetVectorRegister(0));
    }

    [Fact]
    public void Ld2_FourWords_Deinterleaves()
    {
        using TestMachine m = WithWords(8);
        m.Run(0x4C408822u, Hvc(0)); // LD2 {V2.4S, V3.4S}, [X1]
        Assert.Equal(new UInt128(0x0000_0006_0000_0004UL, 0x0000_0002_0000_0000UL), m.Cpu.GetVectorRegister(2));
        Assert.Equal(new UInt128(0x0000_0007_0000_0005UL, 0x0000_0003_0000_0001UL), m.Cpu.GetVectorRegister(3));
    }

    [Fact]
    public void St1_TwoRegistersPostIndex_StoresAndWritesBack()
    {
        using var m = new TestMachine();
        m.SetX(1, Data);
        m.Cpu.SetVectorRegister(0, new UInt128(2, 1));
        m.Cpu.SetVectorRegister(1, new UInt128(4, 3));
        m.Run(0x4C9FAC20u, Hvc(0)); // ST1 {V0.2D, V1.2D}, [X1], #32
        for (ulong i = 0; i < 4; i++)
        {
            Assert.Equal(i + 1, m.Ram.Read<ulong>(new GuestPhysicalAddress(Data + (8 * i))));
        }

        Assert.Equal(Data + 32, m.X(1));
    }

    [Fact]
    public void Ld3_EightBytes_ZeroesUpperHalves()
    {
        using var m = new TestMachine();
        for (byte i = 0; i < 24; i++)
        {
            m.Ram.Write(new GuestPhysicalAddress(Data + i), i);
        }

        m.SetX(1, Data);
        m.Cpu.SetVectorRegister(1, UInt128.MaxValue);
        m.Run(0x0C404020u, Hvc(0)); // LD3 {V0.8B-V2.8B}, [X1]
        Assert.Equal((UInt128)0x1512_0F0C_0906_0300UL, m.Cpu.GetVectorRegister(0));
        Assert.Equal((UInt128)0x1613_100D_0A07_0401UL, m.Cpu.GetVectorRegister(1));
    }

    [Fact]
    public void Ld1_ReservedSizeForMultiRegisterStructure_IsUndefined()
    {
        using var m = new TestMachine();
        m.SetX(1, Data);
        EngineExit exit = m.Run(0x0C408C20u, Hvc(0)); // LD2 with size = 11 and Q = 0 (.1D) is reserved
        Assert.Equal(4, TestMachine.VectorSlot(exit));
    }
}
