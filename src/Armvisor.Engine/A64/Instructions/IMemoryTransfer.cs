using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

/// <summary>
/// The data transfer of a single-register load or store (which register file, size, extension), separate from the
/// addressing mode, so that each (mode, transfer) pair is its own JIT-specialised handler: <c>Mode&lt;Transfer&gt;</c>.
/// </summary>
internal unsafe interface IMemoryTransfer
{
    /// <summary>Performs the access at <paramref name="address"/>; false after a fault was raised.</summary>
    static abstract bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d);

    /// <summary>True for SIMD&amp;FP transfers, which first check the FP access trap (CPACR_EL1.FPEN).</summary>
    static abstract bool IsSimd { get; }
}
