using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Decoding;

/// <summary>
/// THE declarative A64 encoding table (DDI0487 C4.1, "A64 instruction set encoding"): one row per encoding, written as
/// the Arm ARM bit pattern with named fields. The decoder (<see cref="A64Decoder"/>), the interpreter (each row's
/// handler) and the random differential generator (<see cref="A64Encoding.GeneratorPolicy"/>) all derive from it.
/// Rows never overlap (a test checks); anything matching no row is UNDEFINED. Groups live in partial files by class;
/// the FP/AdvSIMD helper adds its rows by implementing <see cref="AddSimdFpRows"/> under A64/Simd/.
/// </summary>
public static unsafe partial class A64InstructionTable
{
    /// <summary>Every encoding the engine implements, in declaration order.</summary>
    public static IReadOnlyList<A64Encoding> Encodings { get; } = Build();

    private static A64Encoding[] Build()
    {
        var rows = new List<A64Encoding>(512);
        AddDataProcessingImmediateRows(rows);
        AddDataProcessingRegisterRows(rows);
        AddBranchAndExceptionRows(rows);
        AddSystemRows(rows);
        AddLoadStoreRows(rows);
        AddSimdFpRows(rows);
        return rows.ToArray();
    }

    /// <summary>The FP/AdvSIMD data-processing rows (implemented by the Simd partial; absent until then).</summary>
    static partial void AddSimdFpRows(List<A64Encoding> rows);

    private static void Row(
        List<A64Encoding> rows,
        string mnemonic,
        string pattern,
        InstructionClass instructionClass,
        delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> handler,
        delegate* managed<uint, DecodedInstruction*, bool> prepare,
        GeneratorPolicy policy,
        bool endsBlock = false) =>
        rows.Add(new A64Encoding(mnemonic, pattern, instructionClass, handler, prepare, policy, endsBlock));
}
