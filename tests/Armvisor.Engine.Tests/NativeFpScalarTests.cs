using Armvisor.Arm64;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Native;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>
/// The native tier's scalar FP (host SSE2/FMA3 with guards) gives the interpreter's (ArmFloat's) results, NZCV and
/// FPSR for every translated FP row, on operands drawn from the edge cases (NaN, sNaN, denormals, infinities, +-0,
/// the overflow and underflow boundaries, integer limits) under every FPCR mode; and both the fast path and the
/// guarded slow path really run.
/// </summary>
public sealed class NativeFpScalarTests
{
    private static readonly NativeForm[] FpForms =
        [NativeForm.FpArithmetic, NativeForm.FpMulAdd, NativeForm.FpCompare, NativeForm.FpMove, NativeForm.FpMoveGeneral, NativeForm.FpConvert];

    /// <summary>Every row with a scalar FP native translation, from the table (no hand list).</summary>
    public static TheoryData<string> FpRows()
    {
        var rows = new TheoryData<string>();
        foreach (A64Encoding encoding in A64InstructionTable.Encodings)
        {
            var random = new Random(StableSeed.Of(encoding.Mnemonic));
            for (int i = 0; i < 256; i++)
            {
                if (IsFp(RandomWord(encoding, random)))
                {
                    rows.Add(encoding.Mnemonic);
                    break;
                }
            }
        }

        return rows;
    }

    private static uint RandomWord(A64Encoding encoding, Random random) =>
        encoding.FixedBits | ((uint)random.NextInt64(0, 1L << 32) & ~encoding.FixedMask);

    private static unsafe bool IsFp(uint word)
    {
        DecodedInstruction record;
        A64Decoder.Decode(word, TestMachine.CodeBase, &record);
        return Array.IndexOf(FpForms, NativeBlockTranslator.Classify(&record)) >= 0;
    }

    private static readonly ulong[] Doubles =
    [
        0, 1UL << 63, 0x3FF0_0000_0000_0000, 0xBFF8_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000,
        0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_1234, 0x7FF0_0000_0000_0001, 0xFFF4_0000_0000_0000, // qNaN, sNaN
        1, 0x000F_FFFF_FFFF_FFFF, 0x8000_0000_0000_0003, 0x0010_0000_0000_0000, 0x0010_0000_0000_0001, 0x8010_0000_0000_0000,
        0x0020_0000_0000_0000, 0x001F_FFFF_FFFF_FFFF, 0x3CA0_0000_0000_0000, 0x7FEF_FFFF_FFFF_FFFF, 0xFFEF_FFFF_FFFF_FFFF,
        0x7FE0_0000_0000_0000, 0x2000_0000_0000_0000, 0x1FF0_0000_0000_0000, 0x41E0_0000_0000_0000, 0xC1E0_0000_0000_0000, // +-2^31
        0x41EF_FFFF_FFE0_0000, 0x41F0_0000_0000_0000, 0x43E0_0000_0000_0000, 0xC3E0_0000_0000_0000, 0xBFE0_0000_0000_0000,
        0xBFF0_0000_0000_0000, 0x4008_0000_0000_0000, 0x47EF_FFFF_E000_0000, 0x47EF_FFFF_F000_0000, 0x3810_0000_0000_0000,
        0x380F_FFFF_F000_0000, 0x3690_0000_0000_0000, 0x36A0_0000_0000_0000,
    ];

    private static readonly uint[] Singles =
    [
        0, 0x8000_0000, 0x3F80_0000, 0xBFC0_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_1234, 0x7F80_0001, 0xFFA0_0000,
        1, 0x007F_FFFF, 0x8000_0003, 0x0080_0000, 0x0080_0001, 0x8080_0000, 0x0100_0000, 0x00FF_FFFF, 0x3300_0000,
        0x7F7F_FFFF, 0xFF7F_FFFF, 0x7F00_0000, 0x1F80_0000, 0x2000_0000, 0x4F00_0000, 0xCF00_0000, 0x4F7F_FFFF, 0x4F80_0000,
        0x5F00_0000, 0xDF00_0000, 0xBF00_0000, 0xBF80_0000, 0x4040_0000, 0x3F00_0001, 0x1000_0000, 0x2F80_0000,
    ];

    private static readonly ulong[] Integers =
    [
        0, 1, ulong.MaxValue, 0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 0xFFFF_FFFF,
        0x0020_0000_0000_0001, 0x0100_0001, 12345,
    ];

    private static ulong RandomDouble(Random random) => random.Next(4) switch
    {
        0 => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40),
        1 => BitConverter.DoubleToUInt64Bits((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-60, 60))),
        _ => Doubles[random.Next(Doubles.Length)] ^ (random.Next(4) == 0 ? (ulong)random.Next(4) : 0),
    };

    private static uint RandomSingle(Random random) => random.Next(4) switch
    {
        0 => (uint)random.Next() ^ ((uint)random.Next(2) << 31),
        1 => BitConverter.SingleToUInt32Bits((float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-30, 30)))),
        _ => Singles[random.Next(Singles.Length)] ^ (random.Next(4) == 0 ? (uint)random.Next(4) : 0),
    };

    /// <summary>FPCR: mostly the IEEE mode the fast path needs, else RMode, FZ, DN (and their mixes).</summary>
    private static uint RandomFpcr(Random random) => random.Next(3) == 0
        ? ((uint)random.Next(4) << 22) | ((uint)random.Next(2) << 24) | ((uint)random.Next(2) << 25)
        : 0;

    [Theory]
    [MemberData(nameof(FpRows))]
    public void RandomOperands_NativeAndInterpreted_AgreeOnResultNzcvAndFpsr(string mnemonic)
    {
        A64Encoding encoding = Assert.Single(A64InstructionTable.Encodings, e => e.Mnemonic == mnemonic);
        var random = new Random(StableSeed.Of(mnemonic) ^ 0xF10A7);
        int fast = 0, slow = 0;
        for (int i = 0; i < 3000 && fast + slow < 150; i++)
        {
            uint word = RandomWord(encoding, random);
            if (!IsFp(word))
            {
                continue;
            }

            var x = new ulong[31];
            var v = new UInt128[32];
            for (int r = 0; r < 31; r++)
            {
                x[r] = random.Next(2) == 0 ? Integers[random.Next(Integers.Length)] : (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            }

            for (int r = 0; r < 32; r++)
            {
                ulong low = random.Next(2) == 0
                    ? RandomDouble(random)
                    : ((ulong)(uint)random.Next() << 32) | RandomSingle(random); // the upper half is ignored by S operations
                v[r] = ((UInt128)(ulong)random.NextInt64() << 64) | low;
            }

            uint fpcr = RandomFpcr(random);
            uint fpsr = random.Next(2) == 0 ? 0 : (uint)random.Next(0x100) & 0x9F;
            uint nzcv = (uint)random.Next(16) << 28;
            string interpreted = Execute(word, x, v, fpcr, fpsr, nzcv, native: false, out _);
            string native = Execute(word, x, v, fpcr, fpsr, nzcv, native: true, out ulong retired);
            Assert.Equal(interpreted, native);
            if (retired > 0)
            {
                fast++;
            }
            else
            {
                slow++;
            }
        }

        Assert.True(fast > 0, $"{mnemonic}: the fast path never ran");
        Assert.True(fast + slow >= 100, $"{mnemonic}: only {fast + slow} cases");
    }

    /// <summary>
    /// Blocks of several translated FP records (MXCSR's flags accumulate across them between entries), some with an
    /// MSR FPSR, XZR (a helper exit that clears the cumulative flags) in the middle: results, NZCV and FPSR as the
    /// interpreter's, so a flag left over from one operation never leaks into another's FPSR.
    /// </summary>
    [Fact]
    public void RandomSequences_FlagsAccumulateAcrossRecords_AgreeWithTheInterpreter()
    {
        var encodings = ((IEnumerable<object[]>)FpRows()).Select(row => Assert.Single(A64InstructionTable.Encodings, e => e.Mnemonic == (string)row[0])).ToArray();
        var random = new Random(0x5E0F);
        int fast = 0;
        for (int c = 0; c < 200; c++)
        {
            var words = new List<uint>();
            while (words.Count < 8)
            {
                uint word = RandomWord(encodings[random.Next(encodings.Length)], random);
                if (IsFp(word))
                {
                    words.Add(word);
                }
                else if (random.Next(16) == 0)
                {
                    words.Add(0xD51B443F); // MSR FPSR, XZR
                }
            }

            var x = new ulong[31];
            var v = new UInt128[32];
            for (int r = 0; r < 31; r++)
            {
                x[r] = Integers[random.Next(Integers.Length)];
            }

            for (int r = 0; r < 32; r++)
            {
                v[r] = random.Next(2) == 0 ? RandomDouble(random) : RandomSingle(random);
            }

            uint fpcr = random.Next(4) == 0 ? RandomFpcr(random) : 0;
            string interpreted = Execute(words.ToArray(), x, v, fpcr, 0, 0, native: false, out _);
            Assert.Equal(interpreted, Execute(words.ToArray(), x, v, fpcr, 0, 0, native: true, out ulong retired));
            fast += retired > 0 ? 1 : 0;
        }

        Assert.True(fast > 20, $"{fast} sequences ran natively");
    }

    /// <summary>An inexact FADD, MSR FPSR, XZR (a helper exit), an exact FADD: FPSR ends 0 (the host's PE from the first is not carried past the re-entry).</summary>
    [Fact]
    public void ExactAddAfterFpsrCleared_LeavesFpsrClear()
    {
        var x = new ulong[31];
        var v = new UInt128[32];
        v[1] = 0x3FF0_0000_0000_0000; // 1.0
        v[2] = 0x3C30_0000_0000_0000; // 2^-60: 1 + 2^-60 is inexact
        v[4] = 0x3FF0_0000_0000_0000;
        uint[] words = [0x1E622820 /* FADD D0, D1, D2 */, 0xD51B443F /* MSR FPSR, XZR */, 0x1E642883 /* FADD D3, D4, D4 */];
        string interpreted = Execute(words, x, v, 0, 0, 0, native: false, out _);
        Assert.Contains("FPSR 0 ", interpreted);
        Assert.Equal(interpreted, Execute(words, x, v, 0, 0, 0, native: true, out ulong retired));
        Assert.True(retired > 0);
    }

    /// <summary>
    /// A product tiny before rounding that rounds up to the smallest normal: Arm sets UFC (tininess before rounding,
    /// DDI0487 FPRound), x86 after rounding raises no UE, so the translation must take the slow path.
    /// </summary>
    [Theory]
    [InlineData(0x1E620820u, 0x3FEF_FFFF_FFFF_FFFFUL, 0x0010_0000_0000_0000UL)] // FMUL D0, D1, D2: 2^-1022 * (1 - 2^-53)
    [InlineData(0x1E220820u, 0x3F7F_FFFFUL, 0x0080_0000UL)] // FMUL S0, S1, S2: 2^-126 * (1 - 2^-24)
    public void Multiply_TinyBeforeRoundingToTheSmallestNormal_SetsUnderflowLikeTheInterpreter(uint word, ulong a, ulong b)
    {
        var x = new ulong[31];
        var v = new UInt128[32];
        v[1] = a;
        v[2] = b;
        string interpreted = Execute(word, x, v, 0, 0, 0, native: false, out _);
        Assert.Contains("FPSR 18 ", interpreted); // UFC and IXC
        Assert.Equal(interpreted, Execute(word, x, v, 0, 0, 0, native: true, out _));
    }

    /// <summary>Runs <paramref name="word"/> then an HVC twice (the second time translated), from the same state each time; the final state.</summary>
    private static string Execute(uint word, ulong[] x, UInt128[] v, uint fpcr, uint fpsr, uint nzcv, bool native, out ulong retired) =>
        Execute([word], x, v, fpcr, fpsr, nzcv, native, out retired);

    private static string Execute(uint[] words, ulong[] x, UInt128[] v, uint fpcr, uint fpsr, uint nzcv, bool native, out ulong retired)
    {
        using var m = new TestMachine(compileThreshold: 0, nativeThreshold: native ? 1 : null);
        m.Load([.. words, Hvc(0), Hvc(1)]);
        EngineExit exit = default;
        retired = 0;
        for (int run = 0; run < 2; run++)
        {
            for (int r = 0; r < 31; r++)
            {
                m.SetX(r, x[r]);
            }

            for (int r = 0; r < 32; r++)
            {
                m.Cpu.SetVectorRegister(r, v[r]);
            }

            m.Cpu.SetRegister(Arm64Register.Cpsr, 0x3C5 | nzcv);
            m.SetSysReg(3, 3, 4, 4, 0, fpcr);
            m.SetSysReg(3, 3, 4, 4, 1, fpsr);
            m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
            ulong before = native ? Assert.IsType<InterpreterVcpu>(m.Cpu).NativeCode!.InstructionsExecuted : 0;
            exit = m.Cpu.Run();
            retired = native ? Assert.IsType<InterpreterVcpu>(m.Cpu).NativeCode!.InstructionsExecuted - before : 0;
        }

        var state = new System.Text.StringBuilder($"{exit} PC {m.Pc:X} NZCV {m.Nzcv:X} FPSR {m.SysReg(3, 3, 4, 4, 1):X}");
        for (int r = 0; r < 31; r++)
        {
            state.Append($" {m.X(r):X}");
        }

        for (int r = 0; r < 32; r++)
        {
            state.Append($" V{r} {m.Cpu.GetVectorRegister(r):X}");
        }

        return state.ToString();
    }
}
