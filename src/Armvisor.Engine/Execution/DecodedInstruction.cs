using System.Runtime.InteropServices;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Execution;

/// <summary>
/// One pre-decoded instruction of a block: the handler to call and the operands cut out of the encoding once, at decode
/// time, so the threaded interpreter never decodes at run time. Register slots follow the Arm ARM field names:
/// <see cref="Rd"/> also holds Rt, <see cref="Rm"/> also Rs, <see cref="Ra"/> also Rt2.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct DecodedInstruction
{
    /// <summary>
    /// Executes the instruction. Returns true to continue with the next record; false when the handler has set
    /// <see cref="CpuState.Pc"/> itself (taken branch, exception, exit), which ends the block.
    /// </summary>
    public delegate* managed<InterpreterVcpu, DecodedInstruction*, bool> Handler;

    /// <summary>The instruction's own virtual address (for PC-relative forms, exceptions and syndromes).</summary>
    public ulong Pc;

    /// <summary>The main pre-computed immediate (offset, bitmask, branch target, shifted immediate...).</summary>
    public ulong Imm;

    /// <summary>The raw encoding, for the rare handler that needs another field.</summary>
    public uint Raw;

    public byte Rd;

    public byte Rn;

    public byte Rm;

    public byte Ra;

    /// <summary>A shift amount, an element size or a second small immediate.</summary>
    public byte Shift;

    /// <summary>A condition, an extend option or a shift type.</summary>
    public byte Option;

    /// <summary>Access size in bytes for loads/stores, or the datasize flag (sf) for data processing.</summary>
    public byte Size;

    /// <summary>Per-encoding flags (write-back, post-index, sign-extend...), see <see cref="InstructionFlags"/>.</summary>
    public byte Flags;

    /// <summary>AArch32: the instruction's length in bytes (4 for A32, 2 or 4 for T32); unused for A64.</summary>
    public byte Length;

    /// <summary>A second pre-computed value (pair offset, bitfield masks...).</summary>
    public ulong Imm2;

    /// <summary>
    /// For loads and stores: the data-abort ISS template of the instruction (ISV, SAS, SSE, SRT, SF, AR; DDI0487 D24.2.40),
    /// completed with WnR and DFSC when a stage-2 abort leaves Run. Zero (ISV=0) for pairs, write-back and SIMD&amp;FP.
    /// </summary>
    public uint Iss;
}
