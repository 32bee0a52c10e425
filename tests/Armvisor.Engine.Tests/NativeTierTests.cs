using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Native;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>
/// The native x86-64 tier gives the interpreter's registers, flags, memory, exits and retired counts — and really
/// runs: every comparison also asserts that translated code retired instructions.
/// </summary>
public sealed class NativeTierTests
{
    private static NativeTier Tier(TestMachine m) => Assert.IsType<InterpreterVcpu>(m.Cpu).NativeCode!;

    /// <summary>Every row of the encoding table that has a native translation of its own, from the table itself (no hand list).</summary>
    public static TheoryData<string> TranslatedRows() => Rows(inline: true);

    /// <summary>Every other row native code runs, through a helper call to its handler (from the table itself).</summary>
    public static TheoryData<string> HelperRows() => Rows(inline: false);

    private static TheoryData<string> Rows(bool inline)
    {
        var rows = new TheoryData<string>();
        foreach (A64Encoding encoding in A64InstructionTable.Encodings)
        {
            var random = new Random(StableSeed.Of(encoding.Mnemonic));
            for (int i = 0; i < 64; i++)
            {
                uint word = RandomWord(encoding, random);
                if (inline ? Translatable(word) : TranslatedAsHelper(word))
                {
                    rows.Add(encoding.Mnemonic);
                    break;
                }
            }
        }

        return rows;
    }

    private static unsafe bool Translatable(uint word)
    {
        DecodedInstruction record;
        A64Decoder.Decode(word, TestMachine.CodeBase, &record);
        return NativeBlockTranslator.HasInlineTranslation(&record);
    }

    private static unsafe bool TranslatedAsHelper(uint word)
    {
        DecodedInstruction record;
        A64Decoder.Decode(word, TestMachine.CodeBase, &record);
        return A64Decoder.Find(word) is not null && NativeBlockTranslator.Classify(&record) == NativeForm.Helper;
    }

    private static uint RandomWord(A64Encoding encoding, Random random)
    {
        uint word = encoding.FixedBits | ((uint)random.NextInt64(0, 1L << 32) & ~encoding.FixedMask);
        // Direct branches: a short forward offset (3 instructions) that stays in the page.
        return encoding.Mnemonic switch
        {
            "B" or "BL" => (word & ~0x03FF_FFFFu) | 3,
            "B_cond" or "CBZ" or "CBNZ" => (word & ~0x00FF_FFE0u) | (3u << 5),
            "TBZ" or "TBNZ" => (word & ~0x0007_FFE0u) | (3u << 5),
            _ => word,
        };
    }

    [Fact]
    public void TranslatedRows_CoverTheHotIntegerSet()
    {
        var rows = ((IEnumerable<object[]>)TranslatedRows()).Select(row => (string)row[0]).ToHashSet();
        foreach (string mnemonic in new[] { "ADDS_imm", "SUBS_sh", "ANDS_imm", "MOVK", "ADRP", "SBFM", "CSNEG", "MADD", "UDIV",
            "B_cond", "TBNZ", "RET", "LDRSW_reg", "STRB_post", "LDP_X_pre", "STP_X", "LDP_W", "STP_W_post", "LDPSW_pre",
            "LDAR", "STLR", "DMB", "PRFM_lit", "MRS", "MSR_reg", "LDR_D_uoff", "STR_Q_reg", "LDR_S_post", "STR_B_pre" })
        {
            Assert.Contains(mnemonic, rows);
        }

        Assert.True(rows.Count >= 70, $"only {rows.Count} rows translate");
    }

    [Theory]
    [MemberData(nameof(TranslatedRows))]
    public void RandomEncodings_NativeAndInterpreted_AgreeOnRegistersFlagsMemoryAndPc(string mnemonic)
    {
        A64Encoding encoding = Assert.Single(A64InstructionTable.Encodings, e => e.Mnemonic == mnemonic);
        var random = new Random(StableSeed.Of(mnemonic) ^ 0x5EED);
        int translated = 0;
        for (int i = 0; i < 100; i++)
        {
            uint word = RandomWord(encoding, random);
            if (!Translatable(word))
            {
                continue;
            }

            translated++;
            bool memory = encoding.Class is InstructionClass.LoadStore or InstructionClass.LoadStoreExclusive or InstructionClass.LoadStoreSimd;
            ulong[] registers = new ulong[31];
            for (int r = 0; r < 31; r++)
            {
                registers[r] = memory && r % 2 == 0
                    ? TestMachine.DataBase + (ulong)random.Next(0, 0x4000) // bases (and small indexes) in RAM
                    : (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
                if (memory && random.Next(4) != 0)
                {
                    registers[r] &= ~7UL; // mostly aligned, so the fast path runs
                }
            }

            if (mnemonic is "BR" or "BLR" or "RET" && ((word >> 5) & 31) != 31 && random.Next(2) == 0)
            {
                registers[(word >> 5) & 31] = TestMachine.CodeBase + 12; // a target in the test's code
            }

            if (random.Next(8) == 0)
            {
                registers[random.Next(31)] = random.Next(2) == 0 ? 0 : ulong.MaxValue; // zero divisors, MIN / -1 and friends
                registers[random.Next(31)] = 0x8000_0000_0000_0000;
            }

            ulong nzcv = (ulong)random.Next(16) << 28;
            string interpreted = CompiledTierTests.Execute(word, registers, nzcv, threshold: 0);
            Assert.Equal(interpreted, CompiledTierTests.Execute(word, registers, nzcv, threshold: 0, nativeThreshold: 1));
        }

        Assert.True(translated > 0);
        Assert.True(NativeRetired(encoding) > 0, "translated code never retired an instruction");
    }

    [Theory]
    [MemberData(nameof(HelperRows))]
    public void RandomEncodings_HelperCalls_AgreeWithTheInterpreter(string mnemonic)
    {
        A64Encoding encoding = Assert.Single(A64InstructionTable.Encodings, e => e.Mnemonic == mnemonic);
        var random = new Random(StableSeed.Of(mnemonic) ^ 0x4E1F);
        int called = 0;
        for (int i = 0; i < 2000 && called < 8; i++) // some rows are helper calls only for rare fields (Rn == Rt)
        {
            uint word = RandomWord(encoding, random);
            if (!TranslatedAsHelper(word))
            {
                continue;
            }

            called++;
            ulong[] registers = new ulong[31];
            for (int r = 0; r < 31; r++)
            {
                registers[r] = r % 2 == 0 ? (TestMachine.DataBase + (ulong)random.Next(0, 0x4000)) & ~15UL : (ulong)random.NextInt64();
            }

            ulong nzcv = (ulong)random.Next(16) << 28;
            string interpreted = CompiledTierTests.Execute(word, registers, nzcv, threshold: 0);
            Assert.Equal(interpreted, CompiledTierTests.Execute(word, registers, nzcv, threshold: 0, nativeThreshold: 1));
        }

        Assert.True(called > 0);
        Assert.True(NativeStats(encoding, helper: true) > 0, "translated code never called the row's handler");
    }

    private static ulong NativeRetired(A64Encoding encoding) => NativeStats(encoding, helper: false);

    /// <summary>Instructions translated code retires for one encoding (the record runs natively, then the HVC after it exits)
    /// (with <paramref name="helper"/>: the helper calls translated code makes for it instead).</summary>
    private static ulong NativeStats(A64Encoding encoding, bool helper)
    {
        var random = new Random(1);
        for (int i = 0; i < (helper ? 4000 : 200); i++)
        {
            uint word = RandomWord(encoding, random);
            if (!(helper ? TranslatedAsHelper(word) : Translatable(word)))
            {
                continue;
            }

            using var m = new TestMachine(compileThreshold: 0, nativeThreshold: 1);
            for (int r = 0; r < 31; r++)
            {
                m.SetX(r, TestMachine.DataBase + 0x100);
            }

            for (int r = 0; r < 32; r++)
            {
                m.Cpu.SetVectorRegister(r, 0x3FF0_0000_3F80_0000); // normal as a double and 1.0 as a single: FP fast paths run
            }

            m.Load([word, Hvc(0), Hvc(1), Hvc(2), Hvc(3)]);
            m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
            m.Cpu.Run();
            m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
            m.Cpu.Run(); // the TLB is warm now
            ulong count = helper ? Tier(m).HelperCalls : Tier(m).InstructionsExecuted;
            if (count > 0)
            {
                return count;
            }
        }

        return 0;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Loop_Native_MatchesInterpreterAndRunsNatively(int threshold)
    {
        (ulong, ulong, ulong, ulong) Run(int? native, out ulong nativeRetired)
        {
            using var m = new TestMachine(compileThreshold: 0, nativeThreshold: native);
            m.SetX(1, TestMachine.DataBase);
            m.SetX(5, 1000);
            m.Run(CompiledTierTests.Loop);
            nativeRetired = native is null ? 0 : Tier(m).InstructionsExecuted;
            return (m.X(4), m.Cpu.InstructionsRetired, m.Ram.Read<ulong>(new GuestPhysicalAddress(TestMachine.DataBase + 8)), m.X(3));
        }

        var interpreted = Run(null, out _);
        var native = Run(threshold, out ulong nativeRetired);
        Assert.Equal(interpreted, native);
        Assert.True(nativeRetired > interpreted.Item2 * 9 / 10, $"{nativeRetired} of {interpreted.Item2} native");
    }

    [Fact]
    public void CallLoop_ChainedNativeBlocks_MatchInterpreter()
    {
        (ulong, ulong, ulong, ulong, ulong) Run(int? native, out ulong nativeRetired)
        {
            using var m = new TestMachine(compileThreshold: 0, nativeThreshold: native);
            m.SetX(5, 5000);
            m.Run(CompiledTierTests.CallLoop);
            nativeRetired = native is null ? 0 : Tier(m).InstructionsExecuted;
            return (m.X(1), m.X(2), m.X(3), m.X(4), m.Cpu.InstructionsRetired);
        }

        var interpreted = Run(null, out _);
        Assert.Equal(interpreted, Run(1, out ulong nativeRetired));
        Assert.True(nativeRetired > interpreted.Item5 * 9 / 10);
        Assert.Equal(interpreted, Run(2, out _));
    }

    [Fact]
    public void CachedRegisters_SlowPathsInTheMiddle_MatchInterpreter()
    {
        ulong[] Run(int? native)
        {
            using var m = new TestMachine(compileThreshold: 0, nativeThreshold: native);
            m.SetX(2, 3);
            m.SetX(3, 5);
            m.SetX(6, TestMachine.DataBase);
            m.SetX(9, 3);
            for (ulong page = 0; page < 3; page++)
            {
                m.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase + (page << 12)), 1000UL + page);
                m.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase + (page << 12) + 8), 7UL + page);
            }

            m.Run(CompiledTierTests.CachedRegisters);
            return [m.X(1), m.X(4), m.X(5), m.X(7), m.X(8), m.Cpu.InstructionsRetired];
        }

        ulong[] interpreted = Run(null);
        Assert.Equal(interpreted, Run(1));
        Assert.Equal(interpreted, Run(2));
    }

    [Fact]
    public async Task ChainedLoop_Native_HonoursRequestExit()
    {
        using var m = new TestMachine(compileThreshold: 0, nativeThreshold: 1);
        m.Load([AddImm(0, 0, 1), B(8), Hvc(0), AddImm(1, 1, 1), B(-16)]);
        Task<EngineExit> run = Task.Run(() => m.Cpu.Run());
        await Task.Delay(100);
        m.Cpu.RequestExit();
        EngineExit exit = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EngineExitReason.Canceled, exit.Reason);
        Assert.InRange(m.X(0) - m.X(1), 0UL, 1UL);
        Assert.True(m.X(0) > 1000);
        Assert.Equal(m.Cpu.InstructionsRetired, 2 * (m.X(0) + m.X(1)));
    }

    [Fact]
    public async Task ChainedLoop_SuccessorRewritten_RunsNewCode()
    {
        using var m = new TestMachine(compileThreshold: 0, nativeThreshold: 1);
        m.Load([SubImm(5, 5, 1, setFlags: true), B(0x1000 - 4)]);
        m.Load([AddImm(0, 0, 1), Cbnz(5, -0x1004), StrImm(6, 7, 0, size: 3), B(-0x100C)], TestMachine.CodeBase + 0x1000);
        m.SetX(5, 50);
        m.SetX(6, AddImm(0, 0, 100) | ((ulong)Hvc(0) << 32));
        m.SetX(7, TestMachine.CodeBase + 0x1000);
        m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
        Task<EngineExit> run = Task.Run(() => m.Cpu.Run());
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10))) != run)
        {
            m.Cpu.RequestExit();
            await run;
            Assert.Fail("the stale successor ran: the rewritten code was never reached");
        }

        Assert.Equal(50UL + 100UL, m.X(0));
    }

    [Fact]
    public void SelfLoop_RewritingItsOwnCode_RunsNewCode()
    {
        using var m = new TestMachine(compileThreshold: 0, nativeThreshold: 1);
        m.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase), AddImm(0, 0, 5));
        m.SetX(7, TestMachine.DataBase);
        m.SetX(8, TestMachine.CodeBase + 4);
        m.SetX(4, 3);
        m.Run(LdrImm(6, 7, 0, size: 2), AddImm(0, 0, 1), StrImm(6, 8, 0, size: 2), SubImm(4, 4, 1, setFlags: true), BCond(1, -16), Hvc(0));
        Assert.Equal(11UL, m.X(0));
    }

    [Fact]
    public void NativeBlock_FaultInTheMiddle_StopsWithArchitecturalState()
    {
        using var m = new TestMachine(compileThreshold: 0, nativeThreshold: 1);
        m.SetX(1, 0x0900_0000);
        EngineExit exit = m.Run(MovZ(0, 1), LdrImm(2, 1, 0), MovZ(0, 2), Hvc(0));
        Assert.Equal(ExceptionClass.DataAbortLowerEl, exit.Syndrome.Class);
        Assert.Equal(1UL, m.X(0));
        Assert.Equal(TestMachine.CodeBase + 4, m.Pc);
        Assert.Equal(1UL, m.Cpu.InstructionsRetired);
        Assert.Equal(1UL, Tier(m).InstructionsExecuted);
    }

    // System registers: TPIDR_EL0 (3,3,13,0,2), TPIDR_EL1 (3,0,13,0,4), NZCV (3,3,4,2,0), CNTVCT_EL0 (3,3,14,0,2).
    private static uint MrsTpidrEl0(int rt) => Mrs(rt, 3, 3, 13, 0, 2);

    private static uint MsrTpidrEl1(int rt) => Msr(3, 0, 13, 0, 4, rt);

    private static uint MrsTpidrEl1(int rt) => Mrs(rt, 3, 0, 13, 0, 4);

    /// <summary>A loop of MRS/MSR of plain registers and NZCV, which do not end native code and make no helper call.</summary>
    [Fact]
    public void PlainSystemRegisters_InALoop_RunInlineAndMatchInterpreter()
    {
        uint[] code =
        [
            MrsTpidrEl0(2), AddReg(3, 3, 2), MsrTpidrEl1(3), MrsTpidrEl1(4), SubImm(5, 5, 1, setFlags: true),
            Mrs(6, 3, 3, 4, 2, 0), Msr(3, 3, 4, 2, 0, 7), Mrs(8, 3, 3, 4, 2, 0), Msr(3, 3, 4, 2, 0, 6), BCond(1, -36), Hvc(0),
        ];
        (ulong, ulong, ulong, ulong, ulong) Run(int? native, out NativeTier? tier, out TestMachine machine)
        {
            var m = new TestMachine(compileThreshold: 0, nativeThreshold: native);
            m.SetSysReg(3, 3, 13, 0, 2, 7);
            m.SetX(5, 500);
            m.SetX(7, 0x6000_0000);
            m.Run(code);
            tier = native is null ? null : Tier(m);
            machine = m;
            return (m.X(3), m.X(4), m.X(8), m.SysReg(3, 0, 13, 0, 4), m.Cpu.InstructionsRetired);
        }

        var interpreted = Run(null, out _, out TestMachine a);
        var native = Run(1, out NativeTier? tier, out TestMachine b);
        Assert.Equal(interpreted, native);
        Assert.Equal(3500UL, native.Item1);
        Assert.Equal(0x6000_0000UL, native.Item3);
        Assert.Equal(1UL, tier!.HelperCalls); // the HVC that ends the run, in a translated block of its own
        Assert.True(tier.InstructionsExecuted > native.Item5 * 9 / 10, $"{tier.InstructionsExecuted} of {native.Item5} native");
        a.Dispose();
        b.Dispose();
    }

    /// <summary>MRS of a register that is not plain storage (the counter) and an exclusive pair run through the helper.</summary>
    [Fact]
    public void CounterReadAndExclusives_HelperCalls_MatchInterpreter()
    {
        uint[] code =
        [
            Mrs(9, 3, 3, 14, 0, 2), Ldaxr(2, 1), AddImm(2, 2, 3), Stlxr(4, 2, 1), AddReg(6, 6, 4), Clrex(),
            SubImm(5, 5, 1, setFlags: true), BCond(1, -28), Hvc(0),
        ];
        (ulong, ulong, ulong) Run(int? native, out NativeTier? tier, out TestMachine machine)
        {
            var m = new TestMachine(compileThreshold: 0, nativeThreshold: native);
            m.SetX(1, TestMachine.DataBase + 0x40);
            m.SetX(5, 300);
            m.Run(code);
            tier = native is null ? null : Tier(m);
            machine = m;
            return (m.Ram.Read<ulong>(new GuestPhysicalAddress(TestMachine.DataBase + 0x40)), m.X(6), m.Cpu.InstructionsRetired);
        }

        var interpreted = Run(null, out _, out TestMachine a);
        var native = Run(1, out NativeTier? tier, out TestMachine b);
        Assert.Equal(interpreted, native);
        Assert.Equal(900UL, native.Item1);
        Assert.True(tier!.HelperCalls >= 4 * 299, $"{tier.HelperCalls} helper calls");
        Assert.True(b.X(9) > 0);
        Assert.True(tier.InstructionsExecuted > native.Item3 * 9 / 10, $"{tier.InstructionsExecuted} of {native.Item3} native");
        a.Dispose();
        b.Dispose();
    }

    /// <summary>An MSR at EL0 of an EL1 register is UNDEFINED through the helper, with the interpreter's state.</summary>
    [Fact]
    public void HelperCall_UndefinedAtEl0_TakesTheException()
    {
        string Run(int? native)
        {
            using var m = new TestMachine(compileThreshold: 0, nativeThreshold: native);
            m.Load([AddImm(0, 0, 1), MsrTpidrEl1(0), AddImm(0, 0, 1), Hvc(0)]);
            m.Cpu.SetRegister(Arm64Register.Cpsr, 0x3C0); // EL0t
            m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
            EngineExit exit = m.Cpu.Run();
            return $"{exit} {m.Pc:X} {m.X(0)} {m.EsrEl1:X} {m.ElrEl1:X} {m.Cpu.InstructionsRetired}";
        }

        Assert.Equal(Run(null), Run(1));
    }

    /// <summary>With CPACR_EL1.FPEN trapping, an inline LDR D takes its slow path and the handler raises the FP trap.</summary>
    [Fact]
    public void SimdLoad_FpDisabled_TrapsLikeTheInterpreter()
    {
        string Run(int? native, out ulong nativeRetired)
        {
            using var m = new TestMachine(compileThreshold: 0, nativeThreshold: native);
            m.SetSysReg(3, 0, 1, 0, 2, 0); // CPACR_EL1.FPEN = 0: EL1 and EL0 FP accesses trap (EC 0x07)
            m.SetX(1, TestMachine.DataBase);
            m.Load([AddImm(0, 0, 1), 0xFD400420 /* LDR D0, [X1, #8] */, AddImm(0, 0, 1), Hvc(0)]);
            m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
            EngineExit exit = m.Cpu.Run();
            nativeRetired = native is null ? 0 : Tier(m).InstructionsExecuted;
            return $"{exit} {m.Pc:X} {m.X(0)} {m.EsrEl1:X} {m.ElrEl1:X} {m.Cpu.InstructionsRetired}";
        }

        string interpreted = Run(null, out _);
        Assert.Equal(0x07UL, ulong.Parse(interpreted.Split(' ')[^3], System.Globalization.NumberStyles.HexNumber) >> 26);
        Assert.Equal(interpreted, Run(1, out ulong nativeRetired));
        Assert.Equal(2UL, nativeRetired); // the ADD before the LDR, and the vector's HVC (a helper call)
    }

    [Fact]
    public unsafe void NativeContext_Offsets_MatchTheStruct()
    {
        NativeContext c = default;
        byte* b = (byte*)&c;
        Assert.Equal(NativeContext.XOffset, (int)((byte*)&c.X - b));
        Assert.Equal(NativeContext.DataTlbOffset, (int)((byte*)&c.DataTlb - b));
        Assert.Equal(NativeContext.PcOffset, (int)((byte*)&c.Pc - b));
        Assert.Equal(NativeContext.SpOffset, (int)((byte*)&c.Sp - b));
        Assert.Equal(NativeContext.NzcvOffset, (int)((byte*)&c.Nzcv - b));
        Assert.Equal(NativeContext.BudgetOffset, (int)((byte*)&c.Budget - b));
        Assert.Equal(NativeContext.EpochOffset, (int)((byte*)&c.Epoch - b));
        Assert.Equal(NativeContext.ExitBlockOffset, (int)((byte*)&c.ExitBlock - b));
        Assert.Equal(NativeContext.RetiredOffset, (int)((byte*)&c.Retired - b));
        Assert.Equal(NativeContext.ExitLinkOffset, (int)((byte*)&c.ExitLink - b));
        Assert.Equal(NativeContext.JumpTableOffset, (int)((byte*)&c.JumpTable - b));
        Assert.Equal(NativeContext.ResumeOffset, (int)((byte*)&c.Resume - b));
        Assert.Equal(NativeContext.VOffset, (int)((byte*)&c.V - b));
        Assert.Equal(NativeContext.FpEnabledOffset, (int)((byte*)&c.FpEnabled - b));
        Assert.Equal(NativeContext.FpFastOffset, (int)((byte*)&c.FpFast - b));
        Assert.Equal(NativeContext.FpsrOffset, (int)((byte*)&c.Fpsr - b));
        Assert.Equal(NativeContext.MxcsrOffset, (int)((byte*)&c.Mxcsr - b));
        Assert.Equal(NativeContext.MxcsrCleanOffset, (int)((byte*)&c.MxcsrCleanValue - b));
    }
}
