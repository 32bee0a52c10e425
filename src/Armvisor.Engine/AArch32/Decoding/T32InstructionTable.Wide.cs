using Armvisor.Engine.AArch32.Semantics;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.A64.Instructions;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;

namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>The 32-bit T32 encodings (F3.1 "32-bit T32 instruction encoding").</summary>
public static unsafe partial class T32InstructionTable
{
    private static void AddWideDataProcessingRows(List<T32Encoding> rows)
    {
        const IC dpi = IC.DataProcessingImmediate, dpr = IC.DataProcessingRegister;
        delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> dp = &A32DataProcessing.Execute;
        // The T32 data-processing opcodes (bits [24:21]) that are allocated; 0110 with a register is PKHBT/PKHTB.
        (string Bits, string Name)[] opcodes =
        [
            ("0000", "AND_TST"), ("0001", "BIC"), ("0010", "ORR_MOV"), ("0011", "ORN_MVN"), ("0100", "EOR_TEQ"),
            ("1000", "ADD_CMN"), ("1010", "ADC"), ("1011", "SBC"), ("1101", "SUB_CMP"), ("1110", "RSB"),
        ];
        foreach ((string bits, string name) in opcodes)
        {
            // "Data-processing (modified immediate)": ThumbExpandImm_C(i:imm3:imm8).
            Row(rows, $"{name}_imm", $"11110 i:1 0 {bits} S:1 Rn:4 0 imm3:3 Rd:4 imm8:8", dpi, dp, &T32Operands.PrepareModifiedImmediate);
            // "Data-processing (shifted register)": DecodeImmShift(type, imm3:imm2).
            Row(rows, $"{name}_reg", $"11101 01 {bits} S:1 Rn:4 0 imm3:3 Rd:4 imm2:2 type:2 Rm:4", dpr, dp, &T32Operands.PrepareShiftedRegister);
        }

        Shared(rows, "PKHBT_PKHTB", "11101 01 0110 0 Rn:4 0 imm3:3 Rd:4 imm2:2 tb:1 T:1 Rm:4", dpr, &T32ToA32.PackHalfword);

        // "Data-processing (plain binary immediate)".
        Row(rows, "ADDW_ADR", "11110 i:1 1 0000 0 Rn:4 0 imm3:3 Rd:4 imm8:8", dpi, dp, &T32Operands.PrepareWideImmediate);
        Row(rows, "SUBW_ADR", "11110 i:1 1 0101 0 Rn:4 0 imm3:3 Rd:4 imm8:8", dpi, dp, &T32Operands.PrepareWideImmediate);
        Row(rows, "MOVW", "11110 i:1 1 0010 0 imm4:4 0 imm3:3 Rd:4 imm8:8", dpi, &A32DataProcessing.MoveWide, &T32Operands.PrepareMoveWide);
        Row(rows, "MOVT", "11110 i:1 1 0110 0 imm4:4 0 imm3:3 Rd:4 imm8:8", dpi, &A32DataProcessing.MoveTop, &T32Operands.PrepareMoveWide);
        Shared(rows, "SSAT", "11110 0 1 100 sh:1 0 Rn:4 0 imm3:3 Rd:4 imm2:2 0 sat_imm:5", dpr, &T32ToA32.Saturate);
        Shared(rows, "USAT", "11110 0 1 110 sh:1 0 Rn:4 0 imm3:3 Rd:4 imm2:2 0 sat_imm:5", dpr, &T32ToA32.Saturate);
        Shared(rows, "SBFX", "11110 0 1 1010 0 Rn:4 0 imm3:3 Rd:4 imm2:2 0 widthm1:5", dpr, &T32ToA32.BitfieldExtract);
        Shared(rows, "UBFX", "11110 0 1 1110 0 Rn:4 0 imm3:3 Rd:4 imm2:2 0 widthm1:5", dpr, &T32ToA32.BitfieldExtract);
        Shared(rows, "BFI_BFC", "11110 0 1 1011 0 Rn:4 0 imm3:3 Rd:4 imm2:2 0 msb:5", dpr, &T32ToA32.BitfieldInsert);

        // "Data-processing (register)", "Multiply..." and "Long multiply...".
        Shared(rows, "LSL_LSR_ASR_ROR_reg", "11111 010 0 type:2 S:1 Rn:4 1111 Rd:4 0000 Rm:4", dpr, &T32ToA32.ShiftRegister);
        Shared(rows, "SXTA_UXTA", "11111 010 0 op:3 Rn:4 1111 Rd:4 10 rot:2 Rm:4", dpr, &T32ToA32.Extend);
        Shared(rows, "QADD_QSUB", "11111 010 1000 Rn:4 1111 Rd:4 10 op:2 Rm:4", dpr, &T32ToA32.SaturatingAddSubtract);
        Shared(rows, "REV_RBIT", "11111 010 1001 Rn:4 1111 Rd:4 10 op:2 Rm:4", dpr, &T32ToA32.Reverse);
        Shared(rows, "CLZ", "11111 010 1011 Rn:4 1111 Rd:4 1000 Rm:4", dpr, &T32ToA32.CountLeadingZeros);
        // "Parallel addition and subtraction" (op1 [22:20]: 000 ADD8 001 ADD16 010 ASX 100 SUB8 101 SUB16 110 SAX;
        // U H S in bits [6:4]) and SEL.
        Shared(rows, "PARALLEL_32", "11111 010 1 op1:3 Rn:4 1111 Rd:4 0 U:1 H:1 S:1 Rm:4", dpr, &T32ToA32.ParallelArithmetic);
        Shared(rows, "SEL", "11111 010 1010 Rn:4 1111 Rd:4 1000 Rm:4", dpr, &T32ToA32.Select);
        Shared(rows, "MUL_MLA_SMUL", "11111 0110 op1:3 Rn:4 Ra:4 Rd:4 00 op2:2 Rm:4", dpr, &T32ToA32.Multiply);
        Shared(rows, "MULL_DIV", "11111 0111 op1:3 Rn:4 RdLo:4 RdHi:4 op2:4 Rm:4", dpr, &T32ToA32.LongMultiplyDivide);
    }

    private static void AddWideLoadStoreRows(List<T32Encoding> rows)
    {
        const IC ls = IC.LoadStore, ex = IC.LoadStoreExclusive;
        // "Load/store single" (F3.1): imm12, imm8 (P U W) and register (LSL #imm2) forms; Rn = PC is the literal form,
        // Rt = PC of a byte/halfword load a preload hint. Signed stores are not allocated, hence S = 1 rows load.
        Row(rows, "LDR_STR_imm12", "11111 00 0 1 sz:2 L:1 Rn:4 Rt:4 imm12:12", ls, &A32LoadStore.Single, &T32Operands.PrepareSingleImmediate12, Memory);
        Row(rows, "LDRS_imm12", "11111 00 1 1 sz:2 1 Rn:4 Rt:4 imm12:12", ls, &A32LoadStore.Single, &T32Operands.PrepareSingleImmediate12, Memory);
        Row(rows, "LDR_STR_imm8", "11111 00 0 0 sz:2 L:1 Rn:4 Rt:4 1 P:1 U:1 W:1 imm8:8", ls, &A32LoadStore.Single, &T32Operands.PrepareSingleImmediate8, Memory);
        Row(rows, "LDRS_imm8", "11111 00 1 0 sz:2 1 Rn:4 Rt:4 1 P:1 U:1 W:1 imm8:8", ls, &A32LoadStore.Single, &T32Operands.PrepareSingleImmediate8, Memory);
        Row(rows, "LDR_STR_reg", "11111 00 0 0 sz:2 L:1 Rn:4 Rt:4 0 zero:5 imm2:2 Rm:4", ls, &A32LoadStore.Single, &T32Operands.PrepareSingleRegister, Memory);
        Row(rows, "LDRS_reg", "11111 00 1 0 sz:2 1 Rn:4 Rt:4 0 zero:5 imm2:2 Rm:4", ls, &A32LoadStore.Single, &T32Operands.PrepareSingleRegister, Memory);

        // "Load/store dual, load/store exclusive, table branch".
        Row(rows, "LDRD_STRD_offset_pre", "11101 00 1 U:1 1 W:1 L:1 Rn:4 Rt:4 Rt2:4 imm8:8", ls, &A32LoadStore.Single, &T32Operands.PrepareDual, Memory);
        Row(rows, "LDRD_STRD_post", "11101 00 0 U:1 1 1 L:1 Rn:4 Rt:4 Rt2:4 imm8:8", ls, &A32LoadStore.Single, &T32Operands.PrepareDual, Memory);
        Row(rows, "STREX", "11101 00 0010 0 Rn:4 Rt:4 Rd:4 imm8:8", ex, &A32Exclusive.StoreExclusive, &T32Operands.PrepareExclusiveWord, Memory);
        Row(rows, "LDREX", "11101 00 0010 1 Rn:4 Rt:4 1111 imm8:8", ex, &A32Exclusive.LoadExclusive, &T32Operands.PrepareExclusiveWord, Memory);
        Row(rows, "STREXB_STREXH", "11101 00 0110 0 Rn:4 Rt:4 1111 010 H:1 Rd:4", ex, &A32Exclusive.StoreExclusive, &T32Operands.PrepareExclusiveSized, Memory);
        Row(rows, "STREXD", "11101 00 0110 0 Rn:4 Rt:4 Rt2:4 0111 Rd:4", ex, &A32Exclusive.StoreExclusive, &T32Operands.PrepareExclusiveSized, Memory);
        Row(rows, "LDREXB_LDREXH", "11101 00 0110 1 Rn:4 Rt:4 1111 010 H:1 1111", ex, &A32Exclusive.LoadExclusive, &T32Operands.PrepareExclusiveSized, Memory);
        Row(rows, "LDREXD", "11101 00 0110 1 Rn:4 Rt:4 Rt2:4 0111 1111", ex, &A32Exclusive.LoadExclusive, &T32Operands.PrepareExclusiveSized, Memory);
        Row(rows, "TBB_TBH", "11101 00 0110 1 Rn:4 1111 0000 000 H:1 Rm:4", IC.Branch, &T32Branch.TableBranch, &T32Branch.PrepareTableBranch, Never, T32ItRule.OutsideOrLast);

        // "Load/store multiple" (IA: op = 01, DB: op = 10; PUSH.W/POP.W are Rn = SP), SRS and RFE (op = 00, 11).
        Shared(rows, "LDM_STM_IA", "11101 00 01 0 W:1 L:1 Rn:4 register_list:16", ls, &T32ToA32.LoadStoreMultiple, Memory);
        Shared(rows, "LDM_STM_DB", "11101 00 10 0 W:1 L:1 Rn:4 register_list:16", ls, &T32ToA32.LoadStoreMultiple, Memory);
        Shared(rows, "SRSDB", "11101 00 00 0 W:1 0 1101 1100 0000 000 mode:5", IC.System, &T32ToA32.StoreReturnState, Never);
        Shared(rows, "SRSIA", "11101 00 11 0 W:1 0 1101 1100 0000 000 mode:5", IC.System, &T32ToA32.StoreReturnState, Never);
        Shared(rows, "RFEDB", "11101 00 00 0 W:1 1 Rn:4 1100 0000 0000 0000", IC.System, &T32ToA32.ReturnFromException, Never);
        Shared(rows, "RFEIA", "11101 00 11 0 W:1 1 Rn:4 1100 0000 0000 0000", IC.System, &T32ToA32.ReturnFromException, Never);

        // The coprocessor and Advanced SIMD space, decoded by the A32 table (T32CoprocessorSpace).
        Shared(rows, "COPROC_LDC_MCRR", "111 T:1 110 op:5 Rn:4 CRd:4 coproc:4 imm8:8", IC.System, &T32CoprocessorSpace.ToA32, Never);
        Shared(rows, "COPROC_CDP_MCR", "111 T:1 1110 opc1:4 CRn:4 Rt:4 coproc:4 opc2:3 op:1 CRm:4", IC.System, &T32CoprocessorSpace.ToA32, Never);
        Shared(rows, "SIMD_DP", "111 U:1 1111 op:24", IC.SimdFp, &T32CoprocessorSpace.ToA32, Never);
        Shared(rows, "SIMD_LS", "1111 1001 A:1 B:2 0 op:20", IC.LoadStoreSimd, &T32CoprocessorSpace.ToA32, Never);
    }

    private static void AddWideControlRows(List<T32Encoding> rows)
    {
        const IC br = IC.Branch, sys = IC.System;
        const GeneratorPolicy never = Never;
        // "Branches and miscellaneous control" (second halfword bit 15 = 1).
        foreach (string cond in (string[])["0 c:3", "10 c:2", "110 c:1"])
        {
            Row(rows, $"B_cond_32_{cond[..cond.IndexOf(' ', StringComparison.Ordinal)]}", $"11110 S:1 {cond} imm6:6 10 J1:1 0 J2:1 imm11:11", br,
                &T32Branch.Branch, &T32Branch.PrepareConditional32, never, T32ItRule.OutsideItBlock);
        }

        Row(rows, "B_32", "11110 S:1 imm10:10 10 J1:1 1 J2:1 imm11:11", br, &T32Branch.Branch, &T32Branch.PrepareLong, never, T32ItRule.OutsideOrLast);
        Row(rows, "BL", "11110 S:1 imm10:10 11 J1:1 1 J2:1 imm11:11", br, &T32Branch.BranchWithLink, &T32Branch.PrepareLong, never, T32ItRule.OutsideOrLast);
        Row(rows, "BLX_imm", "11110 S:1 imm10H:10 11 J1:1 0 J2:1 imm10L:10 0", br, &T32Branch.BranchWithLinkExchange, &T32Branch.PrepareLong, never, T32ItRule.OutsideOrLast);
        Shared(rows, "MSR", "11110 0 1110 0 R:1 Rn:4 10 0 0 mask:4 00 B:1 M:1 0000", sys, &T32ToA32.MoveToStatus, never);
        Shared(rows, "HINT_32", "11110 0 1110 10 1111 10 0 0 0 000 op:8", IC.Hint, &T32ToA32.Hint, never);
        Shared(rows, "CPS_32_imod", "11110 0 1110 10 1111 10 0 0 0 1 i:1 M:1 A:1 I:1 F:1 mode:5", sys, &T32ToA32.ChangeProcessorState, never, T32ItRule.OutsideItBlock);
        Shared(rows, "CPS_32_mode", "11110 0 1110 10 1111 10 0 0 0 00 1 A:1 I:1 F:1 mode:5", sys, &T32ToA32.ChangeProcessorState, never, T32ItRule.OutsideItBlock);
        Shared(rows, "CLREX_DSB_DMB_ISB", "11110 0 1110 11 1111 10 0 0 1111 op:4 option:4", IC.Barrier, &T32ToA32.Barrier);
        Shared(rows, "BXJ", "11110 0 1111 00 Rm:4 10 0 0 1111 0000 0000", br, &T32ToA32.BranchExchangeJazelle, never, T32ItRule.OutsideOrLast);
        Shared(rows, "SUBS_PC_LR", "11110 0 1111 01 1110 10 0 0 1111 imm8:8", br, &T32ToA32.SubtractPcLr, never, T32ItRule.OutsideOrLast);
        Shared(rows, "MRS", "11110 0 1111 1 R:1 Rn:4 10 0 0 Rd:4 00 B:1 M:1 0000", sys, &T32ToA32.MoveFromStatus, never);
        Shared(rows, "HVC", "11110 1 1111 10 imm4:4 1000 imm12:12", IC.ExceptionGeneration, &T32ToA32.HypervisorCall, never, T32ItRule.OutsideItBlock);
        Shared(rows, "SMC", "11110 1 1111 11 imm4:4 1000 0000 0000 0000", IC.ExceptionGeneration, &T32ToA32.SecureMonitorCall, never);
        Row(rows, "UDF_32", "11110 1 1111 11 imm4:4 1010 imm12:12", IC.ExceptionGeneration, &A32Exceptions.Undefined, null, never);
    }
}
