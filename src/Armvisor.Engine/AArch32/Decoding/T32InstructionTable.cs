using Armvisor.Engine.AArch32.Semantics;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Instructions;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;

namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// THE declarative T32 encoding table (DDI0487 F3.1, "The T32 instruction set encoding", and the F5 instruction
/// pages): one row per encoding, 16-bit rows on bits [15:0], 32-bit rows with the first halfword in bits [31:16]. The
/// decoder (<see cref="T32Decoder"/>) derives from it; rows never overlap (a test checks); anything matching no row is
/// UNDEFINED. Where T32 encodes an operation A32 has, the row re-maps its fields to that A32 encoding
/// (<see cref="T32ToA32"/>) or fills the A32 handler's operands itself (<see cref="T32Operands"/>): one implementation
/// per operation. Not declared (UNDEFINED, as in the A32 table): SETEND, and the Armv8 LDA/STL, CRC32 and crypto encodings; the coprocessor and Advanced SIMD space goes to the A32
/// table through <see cref="T32CoprocessorSpace"/>, so its rows (CP15 today, CP10/CP11 and NEON when declared) serve both.
/// </summary>
public static unsafe partial class T32InstructionTable
{
    private const GeneratorPolicy Never = GeneratorPolicy.Never;
    private const GeneratorPolicy Memory = GeneratorPolicy.ConstrainedBaseRegister;

    public static IReadOnlyList<T32Encoding> Encodings { get; } = Build();

    /// <summary>The row that executes <paramref name="instruction"/> (16-bit in [15:0], or 32-bit), or null when it is UNDEFINED.</summary>
    public static T32Encoding? Decode(uint instruction, T32Context context = T32Context.OutsideItBlock)
    {
        DecodedInstruction record;
        return T32Decoder.Decode(instruction, instruction > 0xFFFF, context, &record);
    }

    private static T32Encoding[] Build()
    {
        var rows = new List<T32Encoding>(160);
        AddNarrowRows(rows);
        AddWideDataProcessingRows(rows);
        AddWideLoadStoreRows(rows);
        AddWideControlRows(rows);
        return rows.ToArray();
    }

    /// <summary>A row that executes through the A32 encoding <paramref name="toA32"/> gives.</summary>
    private static void Shared(
        List<T32Encoding> rows,
        string mnemonic,
        string pattern,
        IC instructionClass,
        delegate* managed<uint, T32Context, uint> toA32,
        GeneratorPolicy policy = GeneratorPolicy.Always,
        T32ItRule itRule = T32ItRule.Anywhere) =>
        rows.Add(new T32Encoding(mnemonic, pattern, instructionClass, null, null, toA32, itRule, policy));

    /// <summary>A row with a handler of its own (or an A32 handler) and an optional operand preparation.</summary>
    private static void Row(
        List<T32Encoding> rows,
        string mnemonic,
        string pattern,
        IC instructionClass,
        delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> handler,
        delegate* managed<uint, DecodedInstruction*, bool> prepare,
        GeneratorPolicy policy = GeneratorPolicy.Always,
        T32ItRule itRule = T32ItRule.Anywhere) =>
        rows.Add(new T32Encoding(mnemonic, pattern, instructionClass, handler, prepare, null, itRule, policy));

    /// <summary>The 16-bit encodings (F3.1 "16-bit T32 instruction encoding").</summary>
    private static void AddNarrowRows(List<T32Encoding> rows)
    {
        const IC dpi = IC.DataProcessingImmediate, dpr = IC.DataProcessingRegister, ls = IC.LoadStore;
        // "Shift (immediate), add, subtract, move, and compare".
        Shared(rows, "LSL_LSR_imm_16", "000 0 op:1 imm5:5 Rm:3 Rd:3", dpr, &T32ToA32.ShiftImmediate);
        Shared(rows, "ASR_imm_16", "000 10 imm5:5 Rm:3 Rd:3", dpr, &T32ToA32.ShiftImmediate);
        Shared(rows, "ADD_SUB_reg_16", "000 11 0 op:1 Rm:3 Rn:3 Rd:3", dpr, &T32ToA32.AddSubtractRegister);
        Shared(rows, "ADD_SUB_imm3_16", "000 11 1 op:1 imm3:3 Rn:3 Rd:3", dpi, &T32ToA32.AddSubtractImmediate3);
        Shared(rows, "MOV_CMP_ADD_SUB_imm8_16", "001 op:2 Rdn:3 imm8:8", dpi, &T32ToA32.MoveCompareAddSubtractImmediate8);
        // "Data-processing" and "Special data instructions and branch and exchange".
        Shared(rows, "DP_16", "010000 op:4 Rm:3 Rdn:3", dpr, &T32ToA32.DataProcessing16);
        Shared(rows, "ADD_CMP_high_16", "010001 0 op:1 D:1 Rm:4 Rdn:3", dpr, &T32ToA32.HighRegisters);
        Shared(rows, "MOV_high_16", "010001 10 D:1 Rm:4 Rdn:3", dpr, &T32ToA32.HighRegisters);
        Shared(rows, "BX_BLX_16", "010001 11 L:1 Rm:4 000", IC.Branch, &T32ToA32.BranchExchange, Never, T32ItRule.OutsideOrLast);
        // "Load/store single data item" and the PC/SP-relative forms.
        Shared(rows, "LDR_lit_16", "01001 Rt:3 imm8:8", ls, &T32ToA32.LoadLiteral, Never);
        Shared(rows, "LDR_STR_reg_16", "0101 op:3 Rm:3 Rn:3 Rt:3", ls, &T32ToA32.LoadStoreRegister, Memory);
        Shared(rows, "LDR_STR_imm5_16", "011 B:1 L:1 imm5:5 Rn:3 Rt:3", ls, &T32ToA32.LoadStoreWordByteImmediate, Memory);
        Shared(rows, "LDRH_STRH_imm5_16", "1000 L:1 imm5:5 Rn:3 Rt:3", ls, &T32ToA32.LoadStoreHalfwordImmediate, Memory);
        Shared(rows, "LDR_STR_sp_16", "1001 L:1 Rt:3 imm8:8", ls, &T32ToA32.LoadStoreStackPointer, Never);
        Row(rows, "ADR_16", "10100 Rd:3 imm8:8", dpi, &T32Branch.Address, &T32Branch.PrepareAddress16, Never);
        Shared(rows, "ADD_sp_imm_16", "10101 Rd:3 imm8:8", dpi, &T32ToA32.AddStackPointer, Never);
        // "Miscellaneous 16-bit instructions".
        Shared(rows, "ADD_SUB_sp_sp_16", "1011 0000 op:1 imm7:7", dpi, &T32ToA32.AdjustStackPointer, Never);
        Row(rows, "CBZ_CBNZ", "1011 op:1 0 i:1 1 imm5:5 Rn:3", IC.Branch, &T32Branch.CompareAndBranch, &T32Branch.PrepareCompareBranch, Never, T32ItRule.OutsideItBlock);
        Shared(rows, "SXTH_SXTB_UXTH_UXTB_16", "1011 0010 op:2 Rm:3 Rd:3", dpr, &T32ToA32.Extend16);
        Shared(rows, "PUSH_16", "1011 010 M:1 register_list:8", ls, &T32ToA32.Push, Never);
        Shared(rows, "CPS_16", "1011 0110 011 im:1 0 A:1 I:1 F:1", IC.System, &T32ToA32.ChangeProcessorState16, Never, T32ItRule.OutsideItBlock);
        Shared(rows, "REV_REV16_REVSH_16", "1011 1010 op:2 Rm:3 Rd:3", dpr, &T32ToA32.Reverse16);
        Shared(rows, "POP_16", "1011 110 P:1 register_list:8", ls, &T32ToA32.Pop, Never);
        Shared(rows, "BKPT_16", "1011 1110 imm8:8", IC.ExceptionGeneration, &T32ToA32.Breakpoint, Never);
        // IT (mask != 0000) and the hints (mask = 0000), F3.1 "If-Then, and hints".
        foreach (string mask in (string[])["mask:3 1", "mask:2 10", "mask:1 100", "1000"])
        {
            Row(rows, $"IT_{mask.Replace(" ", "_", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal)}", $"1011 1111 firstcond:4 {mask}", IC.System,
                &T32Branch.IfThen, &T32Branch.PrepareIfThen, Never, T32ItRule.OutsideItBlock);
        }

        Shared(rows, "HINT_16", "1011 1111 op:4 0000", IC.Hint, &T32ToA32.Hint16, Never);
        Shared(rows, "STM_LDM_16", "1100 L:1 Rn:3 register_list:8", ls, &T32ToA32.LoadStoreMultiple16, Memory);
        // "Conditional branch, and Supervisor Call": cond 1110 is UDF, 1111 SVC.
        foreach (string cond in (string[])["0 c:3", "10 c:2", "110 c:1"])
        {
            Row(rows, $"B_cond_16_{cond[..cond.IndexOf(' ', StringComparison.Ordinal)]}", $"1101 {cond} imm8:8", IC.Branch,
                &T32Branch.Branch, &T32Branch.PrepareConditional16, Never, T32ItRule.OutsideItBlock);
        }

        Row(rows, "UDF_16", "1101 1110 imm8:8", IC.ExceptionGeneration, &A32Exceptions.Undefined, null, Never);
        Shared(rows, "SVC_16", "1101 1111 imm8:8", IC.ExceptionGeneration, &T32ToA32.SupervisorCall, Never);
        Row(rows, "B_16", "11100 imm11:11", IC.Branch, &T32Branch.Branch, &T32Branch.PrepareUnconditional16, Never, T32ItRule.OutsideOrLast);
    }
}
