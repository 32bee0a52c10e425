using Armvisor.Engine.A64.Instructions;

namespace Armvisor.Engine.A64.Decoding;

/// <summary>
/// The groups of the A64 encoding index (DDI0487 C4.1 "A64 instruction set encoding"), refined so the differential
/// generator can report mismatches per class.
/// </summary>
public enum InstructionClass : byte
{
    /// <summary>Data processing, immediate (C4.1.86): add/sub, logical, move wide, bitfield, extract, PC-relative.</summary>
    DataProcessingImmediate,

    /// <summary>Data processing, register (C4.1.87): shifted/extended add/sub, logical, ADC/SBC, CCMP, CSEL, 1/2/3 source.</summary>
    DataProcessingRegister,

    /// <summary>Conditional and unconditional branches, compare-and-branch, test-and-branch (C4.1.85).</summary>
    Branch,

    /// <summary>Single-register and pair loads/stores of general-purpose registers (C4.1.88).</summary>
    LoadStore,

    /// <summary>Loads/stores of SIMD&amp;FP registers.</summary>
    LoadStoreSimd,

    /// <summary>Load/store exclusive, acquire/release (C4.1.88 "Load/store exclusive", "Load-acquire/store-release").</summary>
    LoadStoreExclusive,

    /// <summary>HINT space: NOP, YIELD, WFE, WFI, SEV, SEVL, ESB, CSDB, BTI...</summary>
    Hint,

    /// <summary>Barriers and CLREX.</summary>
    Barrier,

    /// <summary>SVC, HVC, SMC, BRK, HLT, ERET.</summary>
    ExceptionGeneration,

    /// <summary>MRS, MSR (register and immediate), SYS, SYSL.</summary>
    System,

    /// <summary>Scalar floating point and AdvSIMD data processing (the FP/SIMD helper's class).</summary>
    SimdFp,
}
