using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>
/// Every FP/AdvSIMD row against values produced by QEMU's softfloat (qemu-aarch64 -cpu cortex-a72, Reference/README.md):
/// random field values and register contents (including FP special values), random FPCR rounding/FZ/DN, and the
/// UNDEFINED verdict for reserved field combinations. Each case must match registers, FPSR and NZCV exactly.
/// </summary>
public sealed class SimdReferenceTests
{
    private const string IntegerFile = "integer.ref";

    public static TheoryData<string> IntegerRows => ReferenceFiles.Mnemonics(IntegerFile);

    [Theory]
    [MemberData(nameof(IntegerRows))]
    public void IntegerRow_RandomCases_MatchQemu(string mnemonic) => RunCases(IntegerFile, mnemonic);

    private const string FpScalarFile = "fpscalar.ref";

    public static TheoryData<string> FpScalarRows => ReferenceFiles.Mnemonics(FpScalarFile);

    [Theory]
    [MemberData(nameof(FpScalarRows))]
    public void FpScalarRow_RandomCases_MatchQemu(string mnemonic) => RunCases(FpScalarFile, mnemonic);

    private const string FpVectorFile = "fpvector.ref";

    public static TheoryData<string> FpVectorRows => ReferenceFiles.Mnemonics(FpVectorFile);

    [Theory]
    [MemberData(nameof(FpVectorRows))]
    public void FpVectorRow_RandomCases_MatchQemu(string mnemonic) => RunCases(FpVectorFile, mnemonic);

    private const string AliasingFile = "aliasing.ref";

    public static TheoryData<string> AliasingRows => ReferenceFiles.Mnemonics(AliasingFile);

    /// <summary>Every row with all register fields equal (Rd = Rn = Rm = Ra = V0/X0): results must not depend on aliasing.</summary>
    [Theory]
    [MemberData(nameof(AliasingRows))]
    public void AliasedRegistersRow_RandomCases_MatchQemu(string mnemonic) => RunCases(AliasingFile, mnemonic);

    /// <summary>
    /// Random words over the whole "data processing, scalar FP and AdvSIMD" space (Reference/verdicts.txt): the engine
    /// raises UNDEFINED exactly when QEMU does, so reserved field values and unallocated opcodes match too.
    /// </summary>
    [Fact]
    public void WholeFpSimdSpace_RandomWords_UndefinedExactlyWhenQemuIs()
    {
        string path = Path.Combine(Path.GetDirectoryName(ReferenceFiles.SourceFile())!, "Reference", "verdicts.txt");
        var cases = File.ReadLines(path).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(' ')).ToList();
        using var m = new TestMachine();
        var wrong = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            uint word = uint.Parse(cases[i][0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            ulong address = TestMachine.CodeBase + 0x1000 + ((ulong)i * 8);
            m.Load([word, Hvc(0)], address);
            m.Cpu.SetRegister(Arm64Register.Pc, address);
            EngineExit exit = m.Cpu.Run();
            bool undefined = TestMachine.VectorSlot(exit) == 4 && (m.EsrEl1 >> 26) == 0;
            if (undefined != (cases[i][1] == "UNDEF"))
            {
                wrong.Add($"{cases[i][0]} QEMU {cases[i][1]}");
            }
        }

        Assert.True(cases.Count == 20000 && wrong.Count == 0, $"{wrong.Count} verdicts differ: " + string.Join("; ", wrong.Take(10)));
    }

    internal static void RunCases(string file, string mnemonic)
    {
        List<ReferenceCase> cases = ReferenceFiles.Load(file)[mnemonic];
        using var m = new TestMachine();
        var failures = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            ReferenceCase c = cases[i];
            ulong address = TestMachine.CodeBase + 0x1000 + ((ulong)i * 8);
            m.Load([c.Instruction, Hvc(0)], address);
            m.Cpu.SetRegister(Arm64Register.Cpsr, c.Nzcv | 0x3C5);
            m.Cpu.SetRegister(Arm64Register.Fpcr, c.Fpcr);
            m.Cpu.SetRegister(Arm64Register.Fpsr, c.Fpsr);
            for (int r = 0; r < 4; r++)
            {
                m.SetX(r, c.X(r));
                m.Cpu.SetVectorRegister(r, c.V(r));
            }

            m.Cpu.SetRegister(Arm64Register.Pc, address);
            EngineExit exit = m.Cpu.Run();
            string? problem = Check(m, exit, c);
            if (problem != null)
            {
                failures.Add($"{problem}\n    {c.Line}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count}/{cases.Count} cases differ:\n" + string.Join("\n", failures.Take(8)));
    }

    private static string? Check(TestMachine m, EngineExit exit, ReferenceCase c)
    {
        bool undefined = TestMachine.VectorSlot(exit) == 4 && (m.EsrEl1 >> 26) == 0;
        if (c.Outputs == null)
        {
            return undefined ? null : "QEMU: UNDEF, engine executed it";
        }

        if (undefined)
        {
            return "engine: UNDEF, QEMU executed it";
        }

        ulong[] actual = new ulong[14];
        actual[0] = m.Cpu.GetRegister(Arm64Register.Fpsr);
        actual[1] = m.Nzcv;
        for (int r = 0; r < 4; r++)
        {
            actual[2 + r] = m.X(r);
            UInt128 v = m.Cpu.GetVectorRegister(r);
            actual[6 + (2 * r)] = (ulong)v;
            actual[7 + (2 * r)] = (ulong)(v >> 64);
        }

        return actual.SequenceEqual(c.Outputs) ? null : "engine => " + string.Join(" ", actual.Select(x => x.ToString("x", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
