using Armvisor.Engine.A64.Instructions;
using static Armvisor.Engine.A64.Decoding.GeneratorPolicy;
using IC = Armvisor.Engine.A64.Decoding.InstructionClass;

namespace Armvisor.Engine.A64.Decoding;

/// <summary>Branch, exception-generating and System rows (DDI0487 C4.1.85).</summary>
public static unsafe partial class A64InstructionTable
{
    private static void AddBranchAndExceptionRows(List<A64Encoding> rows)
    {
        // Unconditional branch (immediate), conditional branch, compare and branch, test and branch.
        Row(rows, "B", "0 00101 imm26:26", IC.Branch, &BranchInstructions.B, &BranchInstructions.PrepareImm26, Never, endsBlock: true);
        Row(rows, "BL", "1 00101 imm26:26", IC.Branch, &BranchInstructions.Bl, &BranchInstructions.PrepareImm26, Never, endsBlock: true);
        Row(rows, "B_cond", "0101010 0 imm19:19 0 cond:4", IC.Branch, &BranchInstructions.BCond, &BranchInstructions.PrepareImm19, Never, endsBlock: true);
        Row(rows, "CBZ", "sf:1 011010 0 imm19:19 Rt:5", IC.Branch, &BranchInstructions.Cbz, &BranchInstructions.PrepareImm19, Never, endsBlock: true);
        Row(rows, "CBNZ", "sf:1 011010 1 imm19:19 Rt:5", IC.Branch, &BranchInstructions.Cbnz, &BranchInstructions.PrepareImm19, Never, endsBlock: true);
        Row(rows, "TBZ", "b5:1 011011 0 b40:5 imm14:14 Rt:5", IC.Branch, &BranchInstructions.Tbz, &BranchInstructions.PrepareTestBranch, Never, endsBlock: true);
        Row(rows, "TBNZ", "b5:1 011011 1 b40:5 imm14:14 Rt:5", IC.Branch, &BranchInstructions.Tbnz, &BranchInstructions.PrepareTestBranch, Never, endsBlock: true);

        // Unconditional branch (register).
        Row(rows, "BR", "1101011 0000 11111 000000 Rn:5 00000", IC.Branch, &BranchInstructions.Br, null, Never, endsBlock: true);
        Row(rows, "BLR", "1101011 0001 11111 000000 Rn:5 00000", IC.Branch, &BranchInstructions.Blr, null, Never, endsBlock: true);
        Row(rows, "RET", "1101011 0010 11111 000000 Rn:5 00000", IC.Branch, &BranchInstructions.Br, null, Never, endsBlock: true);
        Row(rows, "ERET", "1101011 0100 11111 000000 11111 00000", IC.ExceptionGeneration, &ExceptionInstructions.Eret, null, Never, endsBlock: true);

        // Exception generation. HLT is UNDEFINED while halting is not allowed (no external debugger: EDSCR.HDE = 0).
        Row(rows, "SVC", "11010100 000 imm16:16 000 01", IC.ExceptionGeneration, &ExceptionInstructions.Svc, &ExceptionInstructions.PrepareImm16, Never, endsBlock: true);
        Row(rows, "HVC", "11010100 000 imm16:16 000 10", IC.ExceptionGeneration, &ExceptionInstructions.Hvc, &ExceptionInstructions.PrepareImm16, Never, endsBlock: true);
        Row(rows, "SMC", "11010100 000 imm16:16 000 11", IC.ExceptionGeneration, &ExceptionInstructions.Smc, &ExceptionInstructions.PrepareImm16, Never, endsBlock: true);
        Row(rows, "BRK", "11010100 001 imm16:16 000 00", IC.ExceptionGeneration, &ExceptionInstructions.Brk, &ExceptionInstructions.PrepareImm16, Never, endsBlock: true);
        Row(rows, "HLT", "11010100 010 imm16:16 000 00", IC.ExceptionGeneration, &ExceptionInstructions.Hlt, &ExceptionInstructions.PrepareImm16, Never, endsBlock: true);
    }

    private static void AddSystemRows(List<A64Encoding> rows)
    {
        // Hints (the handler is chosen from CRm:op2), barriers, CLREX.
        Row(rows, "HINT", "1101010100 0 00 011 0010 CRm:4 op2:3 11111", IC.Hint, &HintInstructions.Nop, &HintInstructions.PrepareHint, Never);
        Row(rows, "CLREX", "1101010100 0 00 011 0011 CRm:4 010 11111", IC.Barrier, &BarrierInstructions.Clrex, null, Always);
        Row(rows, "DSB", "1101010100 0 00 011 0011 CRm:4 100 11111", IC.Barrier, &BarrierInstructions.DataSynchronizationBarrier, null, Always);
        Row(rows, "DMB", "1101010100 0 00 011 0011 CRm:4 101 11111", IC.Barrier, &BarrierInstructions.MemoryBarrier, null, Always);
        Row(rows, "ISB", "1101010100 0 00 011 0011 CRm:4 110 11111", IC.Barrier, &BarrierInstructions.Isb, null, Always, endsBlock: true);

        // PSTATE access (MSR immediate: SPSel, DAIFSet, DAIFClr, PAN; other fields are UNDEFINED).
        Row(rows, "MSR_imm", "1101010100 0 00 op1:3 0100 CRm:4 op2:3 11111", IC.System, &ExceptionInstructions.Undefined, &SystemInstructions.PrepareMsrImmediate, Never, endsBlock: true);

        // System instructions and System register moves.
        Row(rows, "SYS", "1101010100 0 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5", IC.System, &SystemInstructions.Sys, &SystemInstructions.PrepareSys, Never, endsBlock: true);
        Row(rows, "SYSL", "1101010100 1 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5", IC.System, &SystemInstructions.Sysl, null, Never, endsBlock: true);
        Row(rows, "MSR_reg", "1101010100 0 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5", IC.System, &SystemInstructions.MsrRegister, &SystemInstructions.PrepareSystemRegister, Never, endsBlock: true);
        Row(rows, "MRS", "1101010100 1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5", IC.System, &SystemInstructions.Mrs, &SystemInstructions.PrepareSystemRegister, Never, endsBlock: true);
    }
}
