using Armvisor.Engine.Interpreter;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Execution;
using Armvisor.Engine.AArch32.Semantics;
using Armvisor.Engine.A64.Instructions;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;

namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// THE declarative A32 encoding table (DDI0487 F4.1, "A32 instruction set encoding", and the F5 instruction pages):
/// one row per encoding, as the Arm ARM writes it. The decoder (<see cref="A32Decoder"/>) and the interpreter (each
/// row's handler) derive from it; rows never overlap (a test checks); anything matching no row is UNDEFINED.
/// The integer ISA of Armv8-A AArch32 at EL0/EL1 (ARMv7-A with the Virtualization Extensions' HVC/ERET and banked
/// MRS/MSR), the parallel add/subtract, SEL, USAD8 and SSAT16/USAT16 media instructions, and VFPv4-D32
/// (<see cref="AddVfpRows"/>). UNDEFINED by the architecture: SWP/SWPB (unallocated in Armv8 AArch32, F4.1
/// "Synchronization primitives"; on an ARMv7 PE with the Multiprocessing Extensions UNDEFINED while SCTLR.SW = 0, and
/// this SCTLR's bit 10 is RAZ; QEMU 7.2's cortex-a15 executes them whatever SW says, so no generator row has them).
/// Not yet declared, hence UNDEFINED: SETEND (needs big-endian data accesses, CPSR.E), LDA/STL and the Armv8
/// CRC32/crypto instructions.
/// </summary>
public static unsafe partial class A32InstructionTable
{
    public static IReadOnlyList<A32Encoding> Encodings { get; } = Build();

    /// <summary>The row that executes <paramref name="instruction"/>, or null when it is UNDEFINED (no row, or its
    /// operand check refuses the field values — the UNPREDICTABLE register combinations).</summary>
    public static A32Encoding? Decode(uint instruction)
    {
        DecodedInstruction record;
        return A32Decoder.Decode(instruction, &record);
    }

    /// <summary>
    /// The floating-point and Advanced SIMD row of <paramref name="a32FormWord"/>, or null when it is UNDEFINED: the
    /// decode T32 shares (DDI0487 F3.1: a T32 VFP/Advanced SIMD encoding re-mapped to its A32 form — cond 1110 for
    /// 1110 11xx / 1110 1110, 1111 001U for 111U 1111 data processing, 1111 0100 for 1111 1001 element/structure
    /// loads and stores). <see cref="A32Decoder.DecodeFpSimd"/> is the record-filling form.
    /// </summary>
    public static A32Encoding? DecodeFpSimd(uint a32FormWord)
    {
        DecodedInstruction record;
        return A32Decoder.DecodeFpSimd(a32FormWord, &record);
    }

    /// <summary>The row is a floating-point or Advanced SIMD instruction (coprocessors 10/11, the Advanced SIMD space).</summary>
    public static bool IsFpSimd(A32Encoding row) => row.Class is IC.SimdFp or IC.LoadStoreSimd;

    private static A32Encoding[] Build()
    {
        var rows = new List<A32Encoding>(160);
        AddDataProcessingRows(rows);
        AddMultiplyAndMediaRows(rows);
        AddLoadStoreRows(rows);
        AddControlRows(rows);
        AddVfpRows(rows);
        AddNeonRows(rows);
        return rows.ToArray();
    }

    private static void Row(
        List<A32Encoding> rows,
        string mnemonic,
        string pattern,
        IC instructionClass,
        delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> handler,
        delegate* managed<uint, DecodedInstruction*, bool> prepare,
        GeneratorPolicy policy = GeneratorPolicy.Always) =>
        rows.Add(new A32Encoding(mnemonic, pattern, instructionClass, handler, prepare, policy));

    private static void AddDataProcessingRows(List<A32Encoding> rows)
    {
        // F4.1.x "Data-processing and miscellaneous instructions": opc 10xx with S=0 is the miscellaneous space, so the
        // test-and-compare opcodes are declared with S=1 only.
        delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> dp = &A32DataProcessing.Execute;
        // (0)(0)(0)(0) fields (Rd of TST/TEQ/CMP/CMN, Rn of MOV/MVN) must be zero; other values are UNPREDICTABLE,
        // declared UNDEFINED here (QEMU's choice too).
        foreach ((string form, string operand, IC cls, nint prepare) in new (string, string, IC, nint)[]
        {
            ("imm", "rot:4 imm8:8", IC.DataProcessingImmediate, (nint)(delegate* managed<uint, DecodedInstruction*, bool>)&A32DataProcessing.PrepareImmediate),
            ("reg", "imm5:5 type:2 0 Rm:4", IC.DataProcessingRegister, (nint)(delegate* managed<uint, DecodedInstruction*, bool>)&A32DataProcessing.PrepareRegister),
            ("rsr", "Rs:4 0 type:2 1 Rm:4", IC.DataProcessingRegister, (nint)(delegate* managed<uint, DecodedInstruction*, bool>)&A32DataProcessing.PrepareRegisterShifted),
        })
        {
            string i = form == "imm" ? "001" : "000";
            var p = (delegate* managed<uint, DecodedInstruction*, bool>)prepare;
            Row(rows, $"DP_{form}", $"cond:4 {i} 0 op:3 S:1 Rn:4 Rd:4 {operand}", cls, dp, p);
            Row(rows, $"DP_{form}_orr_bic", $"cond:4 {i} 11 b:1 0 S:1 Rn:4 Rd:4 {operand}", cls, dp, p);
            Row(rows, $"DP_{form}_mov_mvn", $"cond:4 {i} 11 b:1 1 S:1 0000 Rd:4 {operand}", cls, dp, p);
            Row(rows, $"DP_{form}_test", $"cond:4 {i} 10 op:2 1 Rn:4 0000 {operand}", cls, dp, p);
        }

        Row(rows, "MOVW", "cond:4 0011 0000 imm4:4 Rd:4 imm12:12", IC.DataProcessingImmediate, &A32DataProcessing.MoveWide, &A32DataProcessing.PrepareMoveWide);
        Row(rows, "MOVT", "cond:4 0011 0100 imm4:4 Rd:4 imm12:12", IC.DataProcessingImmediate, &A32DataProcessing.MoveTop, &A32DataProcessing.PrepareMoveWide);
        Row(rows, "CLZ", "cond:4 0001 0110 1111 Rd:4 1111 0001 Rm:4", IC.DataProcessingRegister, &A32Media.CountLeadingZeros, &A32Media.PrepareRdRm);
        Row(rows, "QADD_QSUB", "cond:4 00010 op:2 0 Rn:4 Rd:4 0000 0101 Rm:4", IC.DataProcessingRegister, &A32Media.SaturatingAddSubtract, &A32Media.PrepareRdRnRm);
    }

    private static void AddMultiplyAndMediaRows(List<A32Encoding> rows)
    {
        const IC dpr = IC.DataProcessingRegister;
        // F4.1.x "Multiply and Accumulate": Rd in [19:16], Ra/RdLo in [15:12], Rm in [11:8], Rn in [3:0].
        Row(rows, "MUL", "cond:4 0000 000 S:1 Rd:4 0000 Rm:4 1001 Rn:4", dpr, &A32Multiply.Multiply, &A32Multiply.Prepare);
        Row(rows, "MLA", "cond:4 0000 001 S:1 Rd:4 Ra:4 Rm:4 1001 Rn:4", dpr, &A32Multiply.MultiplyAccumulate, &A32Multiply.Prepare);
        Row(rows, "UMAAL", "cond:4 0000 0100 RdHi:4 RdLo:4 Rm:4 1001 Rn:4", dpr, &A32Multiply.UnsignedMultiplyAccumulateAccumulate, &A32Multiply.PrepareLong);
        Row(rows, "MLS", "cond:4 0000 0110 Rd:4 Ra:4 Rm:4 1001 Rn:4", dpr, &A32Multiply.MultiplySubtract, &A32Multiply.Prepare);
        Row(rows, "MULL", "cond:4 0000 1 U:1 A:1 S:1 RdHi:4 RdLo:4 Rm:4 1001 Rn:4", dpr, &A32Multiply.MultiplyLong, &A32Multiply.PrepareLong);
        Row(rows, "SMLAxy", "cond:4 00010 00 0 Rd:4 Ra:4 Rm:4 1 M:1 N:1 0 Rn:4", dpr, &A32Multiply.HalfwordMultiplyAccumulate, &A32Multiply.Prepare);
        Row(rows, "SMLAWy", "cond:4 00010 01 0 Rd:4 Ra:4 Rm:4 1 M:1 0 0 Rn:4", dpr, &A32Multiply.WordHalfwordMultiplyAccumulate, &A32Multiply.Prepare);
        Row(rows, "SMULWy", "cond:4 00010 01 0 Rd:4 0000 Rm:4 1 M:1 1 0 Rn:4", dpr, &A32Multiply.WordHalfwordMultiply, &A32Multiply.Prepare);
        Row(rows, "SMLALxy", "cond:4 00010 10 0 RdHi:4 RdLo:4 Rm:4 1 M:1 N:1 0 Rn:4", dpr, &A32Multiply.HalfwordMultiplyAccumulateLong, &A32Multiply.PrepareLong);
        Row(rows, "SMULxy", "cond:4 00010 11 0 Rd:4 0000 Rm:4 1 M:1 N:1 0 Rn:4", dpr, &A32Multiply.HalfwordMultiply, &A32Multiply.Prepare);
        Row(rows, "SMLAD_SMLSD", "cond:4 0111 0000 Rd:4 Ra:4 Rm:4 0 S:1 M:1 1 Rn:4", dpr, &A32Multiply.DualMultiplyAccumulate, &A32Multiply.Prepare);
        Row(rows, "SMLALD_SMLSLD", "cond:4 0111 0100 RdHi:4 RdLo:4 Rm:4 0 S:1 M:1 1 Rn:4", dpr, &A32Multiply.DualMultiplyAccumulateLong, &A32Multiply.PrepareLong);
        Row(rows, "SMMLA_SMMUL", "cond:4 0111 0101 Rd:4 Ra:4 Rm:4 00 R:1 1 Rn:4", dpr, &A32Multiply.MostSignificantMultiplyAccumulate, &A32Multiply.Prepare);
        Row(rows, "SMMLS", "cond:4 0111 0101 Rd:4 Ra:4 Rm:4 11 R:1 1 Rn:4", dpr, &A32Multiply.MostSignificantMultiplySubtract, &A32Multiply.Prepare);
        Row(rows, "SDIV", "cond:4 0111 0001 Rd:4 1111 Rm:4 0001 Rn:4", dpr, &A32Multiply.SignedDivide, &A32Multiply.Prepare);
        Row(rows, "UDIV", "cond:4 0111 0011 Rd:4 1111 Rm:4 0001 Rn:4", dpr, &A32Multiply.UnsignedDivide, &A32Multiply.Prepare);

        // F4.1.x "Media instructions".
        Row(rows, "SXTAB_UXTAB", "cond:4 0110 1 U:1 10 Rn:4 Rd:4 rot:2 00 0111 Rm:4", dpr, &A32Media.ExtendAddByte, &A32Media.PrepareExtend);
        Row(rows, "SXTAH_UXTAH", "cond:4 0110 1 U:1 11 Rn:4 Rd:4 rot:2 00 0111 Rm:4", dpr, &A32Media.ExtendAddHalfword, &A32Media.PrepareExtend);
        Row(rows, "SXTAB16_UXTAB16", "cond:4 0110 1 U:1 00 Rn:4 Rd:4 rot:2 00 0111 Rm:4", dpr, &A32Media.ExtendAddByte16, &A32Media.PrepareExtend);
        Row(rows, "PKHBT_PKHTB", "cond:4 0110 1000 Rn:4 Rd:4 imm5:5 tb:1 01 Rm:4", dpr, &A32Media.PackHalfword, &A32Media.PrepareRdRnRmImm5);
        Row(rows, "SSAT", "cond:4 0110 101 sat:5 Rd:4 imm5:5 sh:1 01 Rn:4", dpr, &A32Media.SignedSaturate, &A32Media.PrepareSaturate);
        Row(rows, "USAT", "cond:4 0110 111 sat:5 Rd:4 imm5:5 sh:1 01 Rn:4", dpr, &A32Media.UnsignedSaturate, &A32Media.PrepareSaturate);
        Row(rows, "REV", "cond:4 0110 1011 1111 Rd:4 1111 0011 Rm:4", dpr, &A32Media.ReverseBytes, &A32Media.PrepareRdRm);
        Row(rows, "REV16", "cond:4 0110 1011 1111 Rd:4 1111 1011 Rm:4", dpr, &A32Media.ReverseBytes16, &A32Media.PrepareRdRm);
        Row(rows, "RBIT", "cond:4 0110 1111 1111 Rd:4 1111 0011 Rm:4", dpr, &A32Media.ReverseBits, &A32Media.PrepareRdRm);
        Row(rows, "REVSH", "cond:4 0110 1111 1111 Rd:4 1111 1011 Rm:4", dpr, &A32Media.ReverseBytesSignedHalfword, &A32Media.PrepareRdRm);
        Row(rows, "SBFX", "cond:4 0111 101 widthm1:5 Rd:4 lsb:5 101 Rn:4", dpr, &A32Media.SignedBitfieldExtract, &A32Media.PrepareBitfieldExtract);
        Row(rows, "UBFX", "cond:4 0111 111 widthm1:5 Rd:4 lsb:5 101 Rn:4", dpr, &A32Media.UnsignedBitfieldExtract, &A32Media.PrepareBitfieldExtract);
        Row(rows, "BFI_BFC", "cond:4 0111 110 msb:5 Rd:4 lsb:5 001 Rn:4", dpr, &A32Media.BitfieldInsert, &A32Media.PrepareBitfield);

        // F4.1.x "Parallel Arithmetic": U in bit 22, bits [21:20] 01 modulo, 10 saturating, 11 halving (00 is
        // unallocated); op2 (bits [7:5]) 000 ADD16 001 ASX 010 SAX 011 SUB16 100 ADD8 111 SUB8 (101, 110 unallocated).
        foreach (string kind in (string[])["01", "10", "11"])
        {
            foreach (string op2 in (string[])["0 op:2", "100", "111"])
            {
                Row(rows, $"PARALLEL_{kind}_{op2.Replace(" op:2", "xx", StringComparison.Ordinal)}", $"cond:4 0110 0 U:1 {kind} Rn:4 Rd:4 1111 {op2} 1 Rm:4", dpr,
                    &A32ParallelArithmetic.Execute, &A32ParallelArithmetic.PrepareRdRnRm);
            }
        }

        Row(rows, "SEL", "cond:4 0110 1000 Rn:4 Rd:4 1111 1011 Rm:4", dpr, &A32ParallelArithmetic.Select, &A32ParallelArithmetic.PrepareRdRnRm);
        Row(rows, "USAD8_USADA8", "cond:4 0111 1000 Rd:4 Ra:4 Rm:4 0001 Rn:4", dpr, &A32ParallelArithmetic.SumOfAbsoluteDifferences, &A32ParallelArithmetic.PrepareSumOfDifferences);
        Row(rows, "SSAT16", "cond:4 0110 1010 sat:4 Rd:4 1111 0011 Rn:4", dpr, &A32ParallelArithmetic.Saturate16, &A32ParallelArithmetic.PrepareSaturate16);
        Row(rows, "USAT16", "cond:4 0110 1110 sat:4 Rd:4 1111 0011 Rn:4", dpr, &A32ParallelArithmetic.Saturate16, &A32ParallelArithmetic.PrepareSaturate16);
    }
}
