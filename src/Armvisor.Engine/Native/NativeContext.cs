using System.Runtime.InteropServices;
using Armvisor.Engine.Tlb;

namespace Armvisor.Engine.Native;

/// <summary>
/// The guest state translated x86-64 code touches, in native memory at a fixed address (no GC object is ever read or
/// written from native code). The managed side copies PSTATE.NZCV, the current SP, the data-TLB table and the chain
/// epoch in before entering native code and copies NZCV and SP back when it returns (<see cref="NativeTier"/>); X0-X30
/// are the vCPU's pinned register file itself. Offsets are constants because the translator encodes them; the layout
/// test checks them against the struct.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeContext
{
    public const int XOffset = 0;
    public const int DataTlbOffset = 8;
    public const int PcOffset = 16;
    public const int SpOffset = 24;
    public const int NzcvOffset = 32;
    public const int BudgetOffset = 36;
    public const int EpochOffset = 40;
    public const int ExitBlockOffset = 44;
    public const int RetiredOffset = 48;
    public const int ExitLinkOffset = 56;
    public const int JumpTableOffset = 64;
    public const int ResumeOffset = 72;
    public const int VOffset = 80;
    public const int FpEnabledOffset = 88;
    public const int FpFastOffset = 92;
    public const int FpsrOffset = 96;
    public const int MxcsrOffset = 100;
    public const int MxcsrCleanOffset = 104;

    /// <summary>MXCSR with every exception masked, round to nearest, no DAZ/FTZ and no flag set (its reset value).</summary>
    public const uint MxcsrClean = 0x1F80;

    /// <summary><see cref="ExitLink"/> of an indirect branch's exit that missed the jump table: the run loop fills the table.</summary>
    public const ulong IndirectExit = 1;

    /// <summary>X0..X30 and the XZR slot (pinned, reads 0).</summary>
    public ulong* X;

    /// <summary>The data TLB table of the current regime (<see cref="SoftTlb.Table"/>).</summary>
    public TlbEntry* DataTlb;

    /// <summary>The next PC, written when translated code leaves through a branch.</summary>
    public ulong Pc;

    /// <summary>The stack pointer PSTATE.EL and PSTATE.SP select (SP_EL0 or SP_EL1).</summary>
    public ulong Sp;

    /// <summary>PSTATE.{N,Z,C,V} in bits [31:28], the format of <c>CpuState.Nzcv</c>.</summary>
    public uint Nzcv;

    /// <summary>Blocks translated code may still enter by a chained jump before it must return (the run loop's timer countdown).</summary>
    public int Budget;

    /// <summary>The vCPU's chain epoch: a patched jump recorded under another epoch is not taken.</summary>
    public int Epoch;

    /// <summary>The translation id of the block that returned.</summary>
    public int ExitBlock;

    /// <summary>Instructions retired by translated code since entry (written when it returns).</summary>
    public ulong Retired;

    /// <summary>Address of the patchable jump of the exit taken (0: an exit that cannot be chained; <see cref="IndirectExit"/>).</summary>
    public ulong ExitLink;

    /// <summary>The indirect-branch jump table (<see cref="NativeJumpTable"/>), looked up by BR/BLR/RET in translated code.</summary>
    public NativeJumpTableEntry* JumpTable;

    /// <summary>
    /// Where to re-enter translated code after the run loop ran the handler of a record with no translation of its own
    /// (a helper exit, <see cref="NativeBlockTranslator"/>): the next record of the same block.
    /// </summary>
    public ulong Resume;

    /// <summary>V0..V31, 16 bytes each (the vCPU's pinned vector register file).</summary>
    public ulong* V;

    /// <summary>1 when FP/AdvSIMD instructions are enabled at the current EL (CPACR_EL1.FPEN, CPTR_ELx.TFP), else 0.</summary>
    public int FpEnabled;

    /// <summary>
    /// 1 when FP is enabled and FPCR selects IEEE 754 behaviour as x86 SSE gives it (RMode round to nearest, FZ, DN,
    /// FIZ, AH, NEP and the trap enables 0): the translated scalar FP fast paths run only then.
    /// </summary>
    public int FpFast;

    /// <summary>FPSR, copied in at each entry and back at each return (translated FP ORs IXC into it).</summary>
    public uint Fpsr;

    /// <summary>Scratch for STMXCSR.</summary>
    public uint Mxcsr;

    /// <summary><see cref="MxcsrClean"/>, for LDMXCSR (which takes a memory operand).</summary>
    public uint MxcsrCleanValue;

    /// <summary>FPCR bits that must be 0 for <see cref="FpFast"/>: FIZ, AH, NEP [2:0], trap enables [15:8], RMode [23:22], FZ [24], DN [25].</summary>
    public const uint FpFastFpcrMask = 0x03C0_FF07;
}
