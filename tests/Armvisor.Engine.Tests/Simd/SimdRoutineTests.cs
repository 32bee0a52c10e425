using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>
/// Whole guest routines in the style of glibc's AArch64 string functions and of FP loops, run often enough that their
/// blocks also go through the engine's compiled tier: the results must not depend on the tier.
/// </summary>
public sealed class SimdRoutineTests
{
    /// <summary>strlen with LD1/CMEQ/UMAXP/FMOV and the SHRN #4 "nibble mask" of glibc's strlen.S; X0 = string, result in X0.</summary>
    private static readonly uint[] Strlen =
    [
        0xAA0003E1, // mov x1, x0
        0x4CDF7020, // ld1 {v0.16b}, [x1], #16
        0x4E209800, // cmeq v0.16b, v0.16b, #0
        0x6E20A401, // umaxp v1.16b, v0.16b, v0.16b
        0x9E660022, // fmov x2, d1
        0xB4FFFF82, // cbz x2, <ld1>
        0x0F0C8400, // shrn v0.8b, v0.8h, #4
        0x9E660002, // fmov x2, d0
        0xDAC00042, // rbit x2, x2
        0xDAC01042, // clz x2, x2
        0xD342FC42, // lsr x2, x2, #2
        0xD1004021, // sub x1, x1, #0x10
        0xCB000020, // sub x0, x1, x0
        0x8B020000, // add x0, x0, x2
        0xD4000002, // hvc #0
    ];

    /// <summary>Sum of squares with FMADD, then FRINTN and FCVTZS; X0 = doubles, X1 = count; result in D0 and X3.</summary>
    private static readonly uint[] SumOfSquares =
    [
        0x2F00E400, // movi d0, #0
        0xFC408401, // ldr d1, [x0], #8
        0x1F410020, // fmadd d0, d1, d1, d0
        0xF1000421, // subs x1, x1, #1
        0x54FFFFA1, // b.ne <ldr>
        0x1E644002, // frintn d2, d0
        0x9E780043, // fcvtzs x3, d2
        0xD4000002, // hvc #0
    ];

    [Fact]
    public void NeonStrlen_EveryLengthRepeatedly_ReturnsLength()
    {
        using var m = new TestMachine();
        m.Load(Strlen);
        const ulong Text = TestMachine.DataBase;
        for (int round = 0; round < 4; round++)
        {
            for (int length = 0; length < 100; length++)
            {
                for (int i = 0; i < 112; i++)
                {
                    m.Ram.Write(new GuestPhysicalAddress(Text + (ulong)i), (byte)(i < length ? 'a' + ((i + round) % 26) : 0));
                }

                m.SetX(0, Text);
                m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
                m.Cpu.Run();
                Assert.Equal((ulong)length, m.X(0));
            }
        }
    }

    [Fact]
    public void FmaddLoop_SumOfSquares_ExactAndConverted()
    {
        using var m = new TestMachine();
        m.Load(SumOfSquares);
        const ulong Data = TestMachine.DataBase;
        for (int i = 0; i < 1000; i++)
        {
            m.Ram.Write(new GuestPhysicalAddress(Data + ((ulong)i * 8)), BitConverter.DoubleToUInt64Bits(i + 0.5));
        }

        for (int round = 0; round < 3; round++)
        {
            m.SetX(0, Data);
            m.SetX(1, 1000);
            m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
            m.Cpu.Run();
            // sum (i + 0.5)^2 for i < 1000 = 333333250 (exact in binary64: every partial sum is a multiple of 0.25 below 2^50).
            Assert.Equal(BitConverter.DoubleToUInt64Bits(333_333_250.0), (ulong)m.Cpu.GetVectorRegister(0));
            Assert.Equal(333_333_250UL, m.X(3));
        }
    }
}
