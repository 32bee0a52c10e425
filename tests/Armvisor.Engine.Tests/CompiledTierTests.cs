using Armvisor.Engine;
using Armvisor.Arm64;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>The compiled block tier gives the interpreter's results, early exits and retired counts.</summary>
public sealed class CompiledTierTests
{
    /// <summary>A loop mixing ALU, flags, loads, stores and a conditional branch; 1000 iterations.</summary>
    internal static readonly uint[] Loop =
    [
        LdrReg(2, 1, 3, option: 3, scaled: true), AddReg(2, 2, 4), 0xCA020484u /* EOR X4, X4, X2, LSL #1 */,
        0xF8237822u /* STR X2, [X1, X3, LSL #3] */, AddImm(3, 3, 1), 0x92401C63u /* AND X3, X3, #0xFF */,
        SubImm(5, 5, 1, setFlags: true), BCond(1, -28), Hvc(0),
    ];

    private static (ulong X4, ulong Retired, ulong Memory) RunLoop(int threshold, ulong iterations = 1000)
    {
        using var m = new TestMachine(compileThreshold: threshold);
        m.SetX(1, TestMachine.DataBase);
        m.SetX(5, iterations);
        m.Run(Loop);
        return (m.X(4), m.Cpu.InstructionsRetired, m.Ram.Read<ulong>(new GuestPhysicalAddress(TestMachine.DataBase + 8)));
    }

    [Fact]
    public void Loop_CompiledFromFirstExecution_MatchesInterpreter()
    {
        Assert.Equal(RunLoop(threshold: 0), RunLoop(threshold: 1));
    }

    [Fact]
    public void Loop_CompiledWhenHot_MatchesInterpreter()
    {
        Assert.Equal(RunLoop(threshold: 0), RunLoop(threshold: 10));
    }

    [Fact]
    public async Task Loop_CompiledInBackground_MatchesInterpreterAndGetsCompiled()
    {
        (ulong X4, ulong Retired, ulong Memory) interpreted = RunLoop(threshold: 0, iterations: 200_000);

        using var m = new TestMachine(compileThreshold: 2);
        m.Partition.CompileInBackground = true;
        m.SetX(1, TestMachine.DataBase);
        m.SetX(5, 200_000);
        m.Run(Loop);
        var vcpu = (Armvisor.Engine.Interpreter.InterpreterVcpu)m.Cpu;
        for (int wait = 0; wait < 200 && vcpu.CountCompiledBlocks() == 0; wait++)
        {
            await Task.Delay(50); // the compiler thread publishes the method when RyuJIT is done
        }

        Assert.Equal(interpreted, (m.X(4), m.Cpu.InstructionsRetired, m.Ram.Read<ulong>(new GuestPhysicalAddress(TestMachine.DataBase + 8))));
        Assert.True(vcpu.CountCompiledBlocks() >= 1);
    }

    /// <summary>
    /// A loop over four blocks (call, subroutine, odd/even branch, loop branch): compiled blocks chain to each other
    /// without the run loop, and must give the interpreter's registers and retired count.
    /// </summary>
    internal static readonly uint[] CallLoop =
    [
        Bl(20),                           // 0x00: call the subroutine at 0x14
        AddImm(3, 3, 1),                  // 0x04
        SubImm(5, 5, 1, setFlags: true),  // 0x08
        BCond(1, -12),                    // 0x0C: B.NE 0x00
        Hvc(0),                           // 0x10
        AddImm(1, 1, 3),                  // 0x14: subroutine
        0x36000062u,                      // 0x18: TBZ W2, #0, 0x24
        AddImm(4, 4, 7),                  // 0x1C
        B(8),                             // 0x20: -> 0x28
        SubImm(4, 4, 1),                  // 0x24
        AddImm(2, 2, 1),                  // 0x28
        Ret(),                            // 0x2C
    ];

    private static (ulong X1, ulong X2, ulong X3, ulong X4, ulong Retired) RunCallLoop(int threshold)
    {
        using var m = new TestMachine(compileThreshold: threshold);
        m.SetX(5, 5000);
        m.Run(CallLoop);
        return (m.X(1), m.X(2), m.X(3), m.X(4), m.Cpu.InstructionsRetired);
    }

    [Fact]
    public void CallLoop_ChainedCompiledBlocks_MatchInterpreter()
    {
        Assert.Equal(RunCallLoop(threshold: 0), RunCallLoop(threshold: 1));
        Assert.Equal(RunCallLoop(threshold: 0), RunCallLoop(threshold: 7));
    }

    [Fact]
    public async Task ChainedLoop_NoSelfLoop_HonoursRequestExit()
    {
        // Two blocks branching to each other: with chaining the run loop is not between them, so the chain must stop
        // for the pending exit request.
        using var m = new TestMachine(compileThreshold: 1);
        m.Load([AddImm(0, 0, 1), B(8), Hvc(0), AddImm(1, 1, 1), B(-16)]);
        Task<EngineExit> run = Task.Run(() => m.Cpu.Run());
        await Task.Delay(100);
        m.Cpu.RequestExit();
        EngineExit exit = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EngineExitReason.Canceled, exit.Reason);
        Assert.InRange(m.X(0) - m.X(1), 0UL, 1UL);
        Assert.True(m.X(0) > 1000);
    }

    [Fact]
    public async Task ChainedLoop_SuccessorRewritten_RunsNewCode()
    {
        // Block A (0x0) chains to block B (0x1000, the next page) and back 50 times; then the guest rewrites B (ADD #1,
        // CBNZ become ADD #100, HVC) and returns to A, whose link to B is now stale and must not be followed: the new B
        // adds 100 and stops. Following the stale link would loop on the old B without end.
        using var m = new TestMachine(compileThreshold: 1);
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

    /// <summary>
    /// Registers the compiled code holds in locals must follow writes made by handlers (MADD is not inlined) and by the
    /// slow path of an inlined load (the first access misses the TLB), and reads after them must see the new values.
    /// </summary>
    internal static readonly uint[] CachedRegisters =
    [
        AddImm(1, 1, 1),                  // X1 cached
        Madd(1, 1, 2, 3),                 // handler writes X1 = X1 * X2 + X3
        AddReg(4, 1, 1),                  // must read the handler's X1
        LdrImm(5, 6, 0),                  // inlined load; TLB miss on the first pass: the handler loads X5
        AddReg(7, 5, 4),                  // must read the loaded X5 and the cached X4
        LdrImm(1, 6, 8),                  // overwrite a cached register through the load path
        AddReg(8, 1, 7),
        AddImm(6, 6, 1, shift12: true),   // next page: the compiled passes miss the TLB too
        SubImm(9, 9, 1, setFlags: true),
        BCond(1, -36),                    // B.NE back to the start, 3 passes
        Hvc(0),
    ];

    private static ulong[] RunCachedRegisters(int threshold)
    {
        using var m = new TestMachine(compileThreshold: threshold);
        m.SetX(2, 3);
        m.SetX(3, 5);
        m.SetX(6, TestMachine.DataBase);
        m.SetX(9, 3);
        for (ulong page = 0; page < 3; page++)
        {
            m.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase + (page << 12)), 1000UL + page);
            m.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase + (page << 12) + 8), 7UL + page);
        }

        m.Run(CachedRegisters);
        return [m.X(1), m.X(4), m.X(5), m.X(7), m.X(8), m.Cpu.InstructionsRetired];
    }

    [Fact]
    public void CachedRegisters_WrittenByHandlersAndSlowPaths_MatchInterpreter()
    {
        ulong[] interpreted = RunCachedRegisters(threshold: 0);
        Assert.Equal(interpreted, RunCachedRegisters(threshold: 1));
        Assert.Equal(interpreted, RunCachedRegisters(threshold: 2));
        Assert.Equal(9UL, interpreted[0]); // sanity: the last pass loaded X1 from the third page
    }

    [Fact]
    public async Task SelfLoop_Compiled_HonoursRequestExit()
    {
        using var m = new TestMachine(compileThreshold: 1);
        m.Load([AddImm(0, 0, 1), B(-4)]);
        Task<EngineExit> run = Task.Run(() => m.Cpu.Run());
        await Task.Delay(100);
        m.Cpu.RequestExit();
        EngineExit exit = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EngineExitReason.Canceled, exit.Reason);
        Assert.Equal(m.Cpu.InstructionsRetired, 2 * m.X(0));
    }

    [Fact]
    public void SelfLoop_RewritingItsOwnCode_LeavesTheLoopAndRunsNewCode()
    {
        // The loop body stores a new ADD immediate over itself on the first pass; later passes must use it.
        using var m = new TestMachine(compileThreshold: 1);
        m.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase), AddImm(0, 0, 5));
        m.SetX(7, TestMachine.DataBase);
        m.SetX(8, TestMachine.CodeBase + 4);
        m.SetX(4, 3);
        m.Run(LdrImm(6, 7, 0, size: 2), AddImm(0, 0, 1), StrImm(6, 8, 0, size: 2), SubImm(4, 4, 1, setFlags: true), BCond(1, -16), Hvc(0));
        Assert.Equal(11UL, m.X(0));
    }

    [Fact]
    public void CompiledBlock_FaultInTheMiddle_StopsWithArchitecturalState()
    {
        using var m = new TestMachine(compileThreshold: 1);
        m.SetX(1, 0x0900_0000);
        EngineExit exit = m.Run(MovZ(0, 1), LdrImm(2, 1, 0), MovZ(0, 2), Hvc(0));
        Assert.Equal(ExceptionClass.DataAbortLowerEl, exit.Syndrome.Class);
        Assert.Equal(1UL, m.X(0));
        Assert.Equal(TestMachine.CodeBase + 4, m.Pc);
        Assert.Equal(1UL, m.Cpu.InstructionsRetired);
    }

    [Fact]
    public void StxrLoop_Compiled_CounterIsExact()
    {
        using var m = new TestMachine(compileThreshold: 1);
        m.SetX(1, TestMachine.DataBase);
        m.SetX(4, 5000);
        m.Run(Ldaxr(2, 1), AddImm(2, 2, 1), Stlxr(3, 2, 1), Cbnz(3, -12, is64: false), SubImm(4, 4, 1, setFlags: true), BCond(1, -20), Hvc(0));
        Assert.Equal(5000UL, m.Ram.Read<ulong>(new GuestPhysicalAddress(TestMachine.DataBase)));
    }

    [Theory]
    [InlineData("ADD_imm")]
    [InlineData("SUB_imm")]
    [InlineData("ADD_sh")]
    [InlineData("SUB_sh")]
    [InlineData("AND_sh")]
    [InlineData("BIC_sh")]
    [InlineData("ORR_sh")]
    [InlineData("ORN_sh")]
    [InlineData("EOR_sh")]
    [InlineData("EON_sh")]
    [InlineData("MOVZ")]
    [InlineData("MOVN")]
    [InlineData("MOVK")]
    [InlineData("UBFM")]
    [InlineData("B_cond")]
    [InlineData("ADDS_imm")]
    [InlineData("SUBS_imm")]
    [InlineData("ADDS_sh")]
    [InlineData("SUBS_sh")]
    [InlineData("CBZ")]
    [InlineData("CBNZ")]
    [InlineData("LDR_X_uoff")]
    [InlineData("LDR_W_uoff")]
    [InlineData("STR_X_uoff")]
    [InlineData("STR_W_uoff")]
    [InlineData("LDR_X_reg")]
    [InlineData("STR_W_reg")]
    [InlineData("LDRB_uoff")]
    [InlineData("STRB_post")]
    [InlineData("LDRH_reg")]
    [InlineData("STRH_pre")]
    [InlineData("LDR_W_post")]
    [InlineData("STR_X_pre")]
    [InlineData("LDR_X_unscaled")]
    [InlineData("EXTR")]
    [InlineData("SBFM")]
    [InlineData("AND_imm")]
    [InlineData("ORR_imm")]
    [InlineData("EOR_imm")]
    [InlineData("ADR")]
    [InlineData("ADRP")]
    [InlineData("LDP_X")]
    [InlineData("LDP_X_pre")]
    [InlineData("LDP_X_post")]
    [InlineData("LDP_X_nt")]
    [InlineData("STP_X")]
    [InlineData("STP_X_pre")]
    [InlineData("STP_X_post")]
    [InlineData("LDRSB_X_uoff")]
    [InlineData("LDRSB_W_reg")]
    [InlineData("LDRSH_X_post")]
    [InlineData("LDRSH_W_uoff")]
    [InlineData("LDRSH_W_pre")]
    [InlineData("LDRSW_uoff")]
    [InlineData("LDRSW_reg")]
    [InlineData("LDRSW_unscaled")]
    [InlineData("MADD")]
    [InlineData("MSUB")]
    [InlineData("UDIV")]
    [InlineData("SDIV")]
    [InlineData("CSEL")]
    [InlineData("CSINC")]
    [InlineData("CSINV")]
    [InlineData("CSNEG")]
    public void RandomEncodings_CompiledAndInterpreted_AgreeOnRegistersFlagsAndPc(string mnemonic)
    {
        A64Encoding encoding = Assert.Single(A64InstructionTable.Encodings, e => e.Mnemonic == mnemonic);
        var random = new Random(StableSeed.Of(mnemonic));
        for (int i = 0; i < 100; i++)
        {
            uint word = encoding.FixedBits | ((uint)random.NextInt64(0, 1L << 32) & ~encoding.FixedMask);
            if (mnemonic is "B_cond" or "CBZ" or "CBNZ")
            {
                word = (word & ~0x00FF_FFE0u) | (3u << 5); // a short forward branch that stays in the page
            }

            if (mnemonic is "CBZ" or "CBNZ" && random.Next(2) == 0)
            {
                word |= 31; // XZR: always zero
            }

            ulong[] registers = new ulong[31];
            for (int r = 0; r < 31; r++)
            {
                registers[r] = r % 2 == 0 && mnemonic.StartsWith("LD", StringComparison.Ordinal) || mnemonic.StartsWith("ST", StringComparison.Ordinal)
                    ? TestMachine.DataBase + (ulong)random.Next(0, 0x4000) // bases (and small indexes) in RAM
                    : (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            }

            if (mnemonic.StartsWith("LDP", StringComparison.Ordinal) || mnemonic.StartsWith("STP", StringComparison.Ordinal))
            {
                for (int r = 0; r < 31; r++)
                {
                    registers[r] &= random.Next(4) == 0 ? ~0UL : ~7UL; // mostly aligned, so the inlined fast path runs
                }
            }

            ulong nzcv = (ulong)random.Next(16) << 28;
            Assert.Equal(Execute(word, registers, nzcv, threshold: 0), Execute(word, registers, nzcv, threshold: 1));
        }
    }

    [Theory]
    [InlineData(0x9AC20C20u)] // SDIV X0, X1, X2: MIN / -1
    [InlineData(0x9AC30C20u)] // SDIV X0, X1, X3: by zero
    [InlineData(0x1AC50C80u)] // SDIV W0, W4, W5: 32-bit MIN / -1 with junk in the high words
    [InlineData(0x1AC30880u)] // UDIV W0, W4, W3: by zero
    [InlineData(0x9AC30820u)] // UDIV X0, X1, X3: by zero
    [InlineData(0x9AC50820u)] // UDIV X0, X1, X5
    public void Divide_CornerCases_CompiledMatchesInterpreter(uint word)
    {
        ulong[] registers = new ulong[31];
        registers[0] = 0x1234;
        registers[1] = 0x8000_0000_0000_0000;
        registers[2] = ulong.MaxValue;
        registers[3] = 0;
        registers[4] = 0xDEAD_BEEF_8000_0000;
        registers[5] = 0x0123_4567_FFFF_FFFF;
        string interpreted = Execute(word, registers, 0, threshold: 0);

        Assert.Equal(interpreted, Execute(word, registers, 0, threshold: 1));
    }

    internal static string Execute(uint word, ulong[] registers, ulong nzcv, int threshold, int? nativeThreshold = null)
    {
        using var m = new TestMachine(compileThreshold: threshold, nativeThreshold: nativeThreshold);
        for (int r = 0; r < 31; r++)
        {
            m.SetX(r, registers[r]);
        }

        m.Cpu.SetRegister(Arm64Register.Cpsr, 0x3C5 | nzcv);
        for (int r = 0; r < 32; r++)
        {
            m.Cpu.SetVectorRegister(r, ((UInt128)registers[r % 31] << 64) | registers[(r + 7) % 31]); // SIMD stores store something
        }

        m.SetSysReg(3, 4, 4, 1, 0, TestMachine.DataBase + 0x8000 + (registers[0] & 0x18)); // SP_EL1, sometimes misaligned
        m.SetSysReg(3, 0, 1, 0, 0, m.SysReg(3, 0, 1, 0, 0) | ((registers[1] & 1) << 3)); // SCTLR_EL1.SA on or off
        m.Load([word, Hvc(0), Hvc(1), Hvc(2), Hvc(3)]);
        m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
        EngineExit exit = m.Cpu.Run();
        if (exit.Syndrome.Class == ExceptionClass.Hvc64 && m.Pc == TestMachine.CodeBase + 8)
        {
            // Again, with the TLB now warm: the compiled tier's inlined fast paths (TLB hits) run this time.
            m.Cpu.SetRegister(Arm64Register.Pc, TestMachine.CodeBase);
            exit = m.Cpu.Run();
        }

        var state = new System.Text.StringBuilder($"{exit} PC {m.Pc:X} SP {m.SysReg(3, 4, 4, 1, 0):X} NZCV {m.Nzcv:X} RAM {HashCodeOf(m.Ram.GetSpan(new GuestPhysicalAddress(TestMachine.DataBase), 0x10000))}");
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

    private static int HashCodeOf(Span<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
