using Armvisor.Engine.A64.Instructions;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.AArch32.Semantics;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;

namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>Loads and stores, branches, status-register access, exception generation, hints, barriers, CP15.</summary>
public static unsafe partial class A32InstructionTable
{
    private static void AddLoadStoreRows(List<A32Encoding> rows)
    {
        const GeneratorPolicy memory = GeneratorPolicy.ConstrainedBaseRegister;
        const IC ls = IC.LoadStore;
        // F4.1.x "Load/Store Word, Unsigned Byte" (immediate and register offset) and "Extra load/store".
        Row(rows, "LDR_STR_imm", "cond:4 010 P:1 U:1 B:1 W:1 L:1 Rn:4 Rt:4 imm12:12", ls, &A32LoadStore.Single, &A32LoadStore.PrepareWordByteImmediate, memory);
        Row(rows, "LDR_STR_reg", "cond:4 011 P:1 U:1 B:1 W:1 L:1 Rn:4 Rt:4 imm5:5 type:2 0 Rm:4", ls, &A32LoadStore.Single, &A32LoadStore.PrepareWordByteRegister, memory);
        Row(rows, "LDRH_STRH_imm", "cond:4 000 P:1 U:1 1 W:1 L:1 Rn:4 Rt:4 imm4H:4 1011 imm4L:4", ls, &A32LoadStore.Single, &A32LoadStore.PrepareExtraImmediate, memory);
        Row(rows, "LDRSB_LDRD_imm", "cond:4 000 P:1 U:1 1 W:1 L:1 Rn:4 Rt:4 imm4H:4 1101 imm4L:4", ls, &A32LoadStore.Single, &A32LoadStore.PrepareExtraImmediate, memory);
        Row(rows, "LDRSH_STRD_imm", "cond:4 000 P:1 U:1 1 W:1 L:1 Rn:4 Rt:4 imm4H:4 1111 imm4L:4", ls, &A32LoadStore.Single, &A32LoadStore.PrepareExtraImmediate, memory);
        Row(rows, "LDRH_STRH_reg", "cond:4 000 P:1 U:1 0 W:1 L:1 Rn:4 Rt:4 0000 1011 Rm:4", ls, &A32LoadStore.Single, &A32LoadStore.PrepareExtraRegister, memory);
        Row(rows, "LDRSB_LDRD_reg", "cond:4 000 P:1 U:1 0 W:1 L:1 Rn:4 Rt:4 0000 1101 Rm:4", ls, &A32LoadStore.Single, &A32LoadStore.PrepareExtraRegister, memory);
        Row(rows, "LDRSH_STRD_reg", "cond:4 000 P:1 U:1 0 W:1 L:1 Rn:4 Rt:4 0000 1111 Rm:4", ls, &A32LoadStore.Single, &A32LoadStore.PrepareExtraRegister, memory);
        Row(rows, "LDM_STM", "cond:4 100 P:1 U:1 S:1 W:1 L:1 Rn:4 register_list:16", ls, &A32LoadStoreMultiple.Execute, &A32LoadStoreMultiple.Prepare, memory);

        // F4.1.x "Synchronization primitives": LDREX/STREX (word, doubleword, byte, halfword).
        const IC ex = IC.LoadStoreExclusive;
        Row(rows, "LDREX", "cond:4 0001 1 sz:2 1 Rn:4 Rt:4 1111 1001 1111", ex, &A32Exclusive.LoadExclusive, &A32Exclusive.Prepare, memory);
        Row(rows, "STREX", "cond:4 0001 1 sz:2 0 Rn:4 Rd:4 1111 1001 Rt:4", ex, &A32Exclusive.StoreExclusive, &A32Exclusive.Prepare, memory);
        Row(rows, "CLREX", "1111 0101 0111 1111 1111 0000 0001 1111", ex, &A32Exclusive.ClearExclusive, null);
        Row(rows, "PLD_imm", "1111 0101 U:1 R:1 01 Rn:4 1111 imm12:12", ls, &HintInstructions.Nop, null);
        Row(rows, "PLI_imm", "1111 0100 U:1 101 Rn:4 1111 imm12:12", ls, &HintInstructions.Nop, null);
        Row(rows, "PLD_reg", "1111 0111 U:1 R:1 01 Rn:4 1111 imm5:5 type:2 0 Rm:4", ls, &HintInstructions.Nop, null);
        Row(rows, "PLI_reg", "1111 0110 U:1 101 Rn:4 1111 imm5:5 type:2 0 Rm:4", ls, &HintInstructions.Nop, null);
    }

    private static void AddControlRows(List<A32Encoding> rows)
    {
        // F4.1.x "Branch, branch with link, and block data transfer" and "Miscellaneous instructions".
        Row(rows, "B", "cond:4 1010 imm24:24", IC.Branch, &A32Branch.Branch, &A32Branch.PrepareImmediate, GeneratorPolicy.Never);
        Row(rows, "BL", "cond:4 1011 imm24:24", IC.Branch, &A32Branch.BranchWithLink, &A32Branch.PrepareImmediate, GeneratorPolicy.Never);
        Row(rows, "BLX_imm", "1111 101 H:1 imm24:24", IC.Branch, &A32Branch.BranchWithLinkExchangeImmediate, &A32Branch.PrepareImmediate, GeneratorPolicy.Never);
        Row(rows, "BX", "cond:4 0001 0010 1111 1111 1111 0001 Rm:4", IC.Branch, &A32Branch.BranchExchange, &A32Branch.PrepareRegister, GeneratorPolicy.Never);
        Row(rows, "BXJ", "cond:4 0001 0010 1111 1111 1111 0010 Rm:4", IC.Branch, &A32Branch.BranchExchange, &A32Branch.PrepareRegister, GeneratorPolicy.Never);
        Row(rows, "BLX_reg", "cond:4 0001 0010 1111 1111 1111 0011 Rm:4", IC.Branch, &A32Branch.BranchWithLinkExchangeRegister, &A32Branch.PrepareRegister, GeneratorPolicy.Never);

        // Status registers (F5.1.115-120 MRS, MRS banked, MSR immediate/register/banked), CPS, SRS, RFE.
        const IC sys = IC.System;
        Row(rows, "MRS", "cond:4 00010 R:1 00 1111 Rd:4 0000 0000 0000", sys, &A32Status.MoveFromStatus, null, GeneratorPolicy.Never);
        Row(rows, "MRS_banked", "cond:4 00010 R:1 00 M1:4 Rd:4 001 M:1 0000 0000", sys, &A32Status.MoveFromBanked, null, GeneratorPolicy.Never);
        Row(rows, "MSR_reg", "cond:4 00010 R:1 10 mask:4 1111 0000 0000 Rn:4", sys, &A32Status.MoveToStatusRegister, null, GeneratorPolicy.Never);
        Row(rows, "MSR_banked", "cond:4 00010 R:1 10 M1:4 1111 001 M:1 0000 Rn:4", sys, &A32Status.MoveToBanked, null, GeneratorPolicy.Never);
        Row(rows, "MSR_imm_spsr", "cond:4 00110 1 10 mask:4 1111 rot:4 imm8:8", sys, &A32Status.MoveToStatusImmediate, null, GeneratorPolicy.Never);
        Row(rows, "MSR_imm_cpsr_f", "cond:4 00110 0 10 1 mask:3 1111 rot:4 imm8:8", sys, &A32Status.MoveToStatusImmediate, null, GeneratorPolicy.Never);
        Row(rows, "MSR_imm_cpsr_s", "cond:4 00110 0 10 01 mask:2 1111 rot:4 imm8:8", sys, &A32Status.MoveToStatusImmediate, null, GeneratorPolicy.Never);
        Row(rows, "MSR_imm_cpsr_x", "cond:4 00110 0 10 001 mask:1 1111 rot:4 imm8:8", sys, &A32Status.MoveToStatusImmediate, null, GeneratorPolicy.Never);
        Row(rows, "MSR_imm_cpsr_c", "cond:4 00110 0 10 0001 1111 rot:4 imm8:8", sys, &A32Status.MoveToStatusImmediate, null, GeneratorPolicy.Never);
        Row(rows, "CPS", "1111 0001 0000 imod:2 M:1 0 0000000 A:1 I:1 F:1 0 mode:5", sys, &A32Status.ChangeProcessorState, null, GeneratorPolicy.Never);
        Row(rows, "SRS", "1111 100 P:1 U:1 1 W:1 0 1101 0000 0101 000 mode:5", sys, &A32Status.StoreReturnState, null, GeneratorPolicy.Never);
        Row(rows, "RFE", "1111 100 P:1 U:1 0 W:1 1 Rn:4 0000 1010 0000 0000", sys, &A32Status.ReturnFromException, null, GeneratorPolicy.Never);

        // Exception generation (F5.1: SVC, HVC, SMC, BKPT, ERET) and the hint space (NOP, YIELD, WFE, WFI, SEV, SEVL).
        const IC exc = IC.ExceptionGeneration;
        Row(rows, "SVC", "cond:4 1111 imm24:24", exc, &A32Exceptions.SupervisorCall, null, GeneratorPolicy.Never);
        Row(rows, "HVC", "cond:4 0001 0100 imm12:12 0111 imm4:4", exc, &A32Exceptions.HypervisorCall, null, GeneratorPolicy.Never);
        Row(rows, "SMC", "cond:4 0001 0110 0000 0000 0000 0111 imm4:4", exc, &A32Exceptions.SecureMonitorCall, null, GeneratorPolicy.Never);
        Row(rows, "BKPT", "cond:4 0001 0010 imm12:12 0111 imm4:4", exc, &A32Exceptions.Breakpoint, null, GeneratorPolicy.Never);
        Row(rows, "ERET", "cond:4 0001 0110 0000 0000 0000 0110 1110", exc, &A32Exceptions.ExceptionReturn, null, GeneratorPolicy.Never);
        Row(rows, "HINT", "cond:4 0011 0010 0000 1111 0000 op:8", IC.Hint, &HintInstructions.Nop, &A32Hints.Prepare, GeneratorPolicy.Never);
        Row(rows, "DSB", "1111 0101 0111 1111 1111 0000 0100 option:4", IC.Barrier, &A32Hints.DataSynchronizationBarrier, null);
        Row(rows, "DMB", "1111 0101 0111 1111 1111 0000 0101 option:4", IC.Barrier, &A32Hints.DataMemoryBarrier, null);
        Row(rows, "ISB", "1111 0101 0111 1111 1111 0000 0110 option:4", IC.Barrier, &A32Hints.InstructionSynchronizationBarrier, null);

        // System register access (F5.1: MRC/MCR/MRRC/MCRR on coprocessor 15, MRC/MCR on coprocessor 14 (debug, opc1 = 0; ThumbEE, opc1 = 6);
        // CP10/11 are VFP's).
        Row(rows, "MCR_MRC", "cond:4 1110 opc1:3 L:1 CRn:4 Rt:4 1111 opc2:3 1 CRm:4", sys, &A32Coprocessor.Transfer32, null, GeneratorPolicy.Never);
        Row(rows, "MCR_MRC_cp14", "cond:4 1110 000 L:1 CRn:4 Rt:4 1110 opc2:3 1 CRm:4", sys, &A32Coprocessor.Transfer32, null, GeneratorPolicy.Never);
        Row(rows, "MCR_MRC_cp14_thumbee", "cond:4 1110 110 L:1 CRn:4 Rt:4 1110 opc2:3 1 CRm:4", sys, &A32Coprocessor.Transfer32, null, GeneratorPolicy.Never);
        Row(rows, "MCRR_MRRC", "cond:4 1100 010 L:1 Rt2:4 Rt:4 1111 opc1:4 CRm:4", sys, &A32Coprocessor.Transfer64, null, GeneratorPolicy.Never);
    }
}
