using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Armvisor.Engine.Native;

/// <summary>
/// Translates a decoded block straight to x86-64 (Iced's assembler) for <see cref="NativeTier"/>. The code follows the
/// System V calling convention with one argument, the <see cref="NativeContext"/> (rdi), holds the register file's base
/// in rsi, keeps the retired count in rbx and the chaining budget in r12 (saved at the entry) and calls nothing: a
/// record with no translation of its own is a helper exit, after which the run loop re-enters at the next record. Each record's operands are
/// those its row's Prepare cut out at decode time (the record fields), never re-extracted.
/// <para>Layout: the chain entry (budget and code-version checks, for a patched jump from another block), the entry
/// (from the run loop), the records, then the fall-through exit; out of line, one slow-path exit per memory access
/// (the run loop redoes that record through its handler and interprets the rest of the block) and the early exit of
/// the chain entry.</para>
/// <para>Exits: a branch's exit writes the next PC, adds the block's instruction count to <see cref="NativeContext.Retired"/>
/// and returns -1. A direct one (B, BL, B.cond, CBZ, TBZ... and the fall-through) is a chaining stub: an epoch compare
/// and a jump whose target the run loop patches to the successor's chain entry once it has found it (TCG's
/// goto_tb); until then, and under another epoch, it returns with <see cref="NativeContext.ExitLink"/> pointing at the
/// jump. A slow path returns the index of the record to redo.</para>
/// </summary>
internal sealed unsafe partial class NativeBlockTranslator
{
    /// <summary>The epoch an unpatched stub compares with (never a vCPU's epoch in practice).</summary>
    internal const int UnlinkedEpoch = int.MinValue;

    private Assembler _a = new(64);
    private readonly List<(Label Label, int Record)> _slowPaths = [];
    private readonly List<(Label Cmp, Label Jmp)> _stubs = [];
    private Block _block = null!;
    private int _id;

    /// <summary>The translated code of one block.</summary>
    internal readonly record struct Translation(ulong Entry, ulong ChainEntry, int Size, ulong[] LinkSites);

    /// <summary>How many leading records of <paramref name="block"/> have a native translation.</summary>
    public static int TranslatablePrefix(Block block)
    {
        int count = 0;
        while (count < block.Count && CanTranslate(block.First + count))
        {
            count++;
        }

        return count;
    }

    /// <summary>Whether the record has a native translation (else the block is cut before it).</summary>
    public static bool CanTranslate(DecodedInstruction* d) => Classify(d) != NativeForm.None;

    /// <summary>
    /// Translates every record of <paramref name="block"/> (all must be translatable) for execution at the cache's next
    /// address and commits it; null when the cache is full.
    /// </summary>
    public Translation? Translate(Block block, int id, ExecutableCodeCache cache)
    {
        _a.Reset();
        _slowPaths.Clear();
        _stubs.Clear();
        _block = block;
        _id = id;

        Label chainEntry = _a.CreateLabel();
        Label entry = _a.CreateLabel();
        Label earlyExit = _a.CreateLabel();

        // Chain entry: one budget unit per chained block (the run loop's timer countdown, which also bounds how long
        // attention waits), and the page's code version (a write to the page makes the block stale).
        // Chained blocks keep the retired count in rbx and the budget in r12 (callee-saved: the entry saves them, every
        // return restores them), so neither is a memory read-modify-write per block.
        _a.Label(ref chainEntry);
        _a.sub(r12, 1);
        _a.jl(earlyExit);
        _a.mov(rax, (ulong)block.VersionAddress);
        _a.cmp(__dword_ptr[rax], block.CodeVersion);
        _a.jne(earlyExit);
        Label body = _a.CreateLabel();
        _a.jmp(body);
        _a.Label(ref entry);
        EmitFrame();
        _a.Label(ref body);

        bool endedByBranch = false;
        for (int i = 0; i < block.Count; i++)
        {
            DecodedInstruction* d = block.First + i;
            endedByBranch = EmitRecord(d, i);
        }

        if (!endedByBranch)
        {
            EmitDirectExit(block.EndPc, block.Count);
        }

        foreach ((Label label, int record) in _slowPaths)
        {
            Label l = label;
            _a.Label(ref l);
            EmitReturnAtRecord(record);
        }

        _a.Label(ref earlyExit);
        _a.mov(rax, block.VirtualAddress);
        _a.mov(__qword_ptr[rdi + NativeContext.PcOffset], rax);
        _a.mov(__dword_ptr[rdi + NativeContext.ExitBlockOffset], id);
        EmitReturn(-1);

        ulong rip = cache.NextAddress;
        var writer = new ArrayCodeWriter();
        AssemblerResult result = _a.Assemble(writer, rip, BlockEncoderOptions.ReturnNewInstructionOffsets);
        if ((nuint)writer.Length > cache.Free)
        {
            return null;
        }

        ulong address = cache.Commit(writer.AsSpan());
        var sites = new ulong[_stubs.Count];
        for (int s = 0; s < _stubs.Count; s++)
        {
            sites[s] = result.GetLabelRIP(_stubs[s].Jmp);
            if (result.GetLabelRIP(_stubs[s].Cmp) + 7 != sites[s] - 6)
            {
                // The stub's shape (cmp imm32; jne rel32; jmp rel32) is what NativeTier.Link patches.
                throw new InvalidOperationException("unexpected chaining stub encoding");
            }
        }

        return new Translation(address + (result.GetLabelRIP(entry) - rip), address + (result.GetLabelRIP(chainEntry) - rip),
            writer.Length, sites);
    }

    /// <summary>
    /// A direct exit to <paramref name="target"/> after <paramref name="retired"/> instructions: the chaining stub.
    /// Its compare's imm32 sits 6 bytes before the jump's rel32 field start - 1 (see <see cref="NativeTier"/>).
    /// </summary>
    private void EmitDirectExit(ulong target, int retired)
    {
        Label cmp = _a.CreateLabel();
        Label jmp = _a.CreateLabel();
        Label notLinked = _a.CreateLabel();
        _a.add(rbx, retired);
        // cmp dword [rdi+Epoch], imm32 (81 /7, disp8) — the imm32 is patched with the epoch of the link.
        _a.Label(ref cmp);
        _a.db(0x81, 0x7F, NativeContext.EpochOffset, 0x00, 0x00, 0x00, 0x80);
        // jne rel32 (0F 85) to the unlinked path, always the long form so the stub's shape is fixed.
        _a.db(0x0F, 0x85, 0x05, 0x00, 0x00, 0x00);
        // jmp rel32 (E9), patched to the successor's chain entry; unpatched it jumps to the next instruction.
        _a.Label(ref jmp);
        _a.db(0xE9, 0x00, 0x00, 0x00, 0x00);
        _a.Label(ref notLinked);
        _a.mov(__dword_ptr[rdi + NativeContext.ExitBlockOffset], _id);
        _a.mov(rax, target);
        _a.mov(__qword_ptr[rdi + NativeContext.PcOffset], rax);
        _a.lea(rax, __[jmp]);
        _a.mov(__qword_ptr[rdi + NativeContext.ExitLinkOffset], rax);
        EmitReturn(-1);
        _stubs.Add((cmp, jmp));
    }

    /// <summary>
    /// An indirect exit, the next PC in rax: through the jump table when its slot holds that PC under the current
    /// epoch and this block's regime, else back to the run loop, which fills the slot once it has found the block.
    /// </summary>
    private void EmitIndirectExit(int retired)
    {
        Label miss = _a.CreateLabel();
        _a.add(rbx, retired);
        _a.mov(rcx, rax);
        _a.shr(rcx, 2);
        _a.and(ecx, (1 << NativeJumpTableEntry.Bits) - 1);
        _a.shl(ecx, 5); // sizeof(NativeJumpTableEntry) == 32
        _a.add(rcx, __qword_ptr[rdi + NativeContext.JumpTableOffset]);
        _a.cmp(rax, __qword_ptr[rcx + NativeJumpTableEntry.PcOffset]);
        _a.jne(miss);
        _a.mov(edx, __dword_ptr[rdi + NativeContext.EpochOffset]);
        _a.shl(rdx, 32);
        _a.or(rdx, _block.Key.Regime);
        _a.cmp(rdx, __qword_ptr[rcx + NativeJumpTableEntry.TagOffset]);
        _a.jne(miss);
        _a.jmp(__qword_ptr[rcx + NativeJumpTableEntry.EntryOffset]);
        _a.Label(ref miss);
        _a.mov(__dword_ptr[rdi + NativeContext.ExitBlockOffset], _id);
        _a.mov(__qword_ptr[rdi + NativeContext.PcOffset], rax);
        _a.mov(__qword_ptr[rdi + NativeContext.ExitLinkOffset], (int)NativeContext.IndirectExit);
        EmitReturn(-1);
    }

    /// <summary>The frame of an entry from the run loop: rbx, r12 saved, no instruction retired yet, the budget and the register file loaded, MXCSR's flags clear.</summary>
    private void EmitFrame()
    {
        _a.push(rbx);
        _a.push(r12);
        _a.xor(ebx, ebx);
        _a.movsxd(r12, __dword_ptr[rdi + NativeContext.BudgetOffset]);
        _a.mov(rsi, __qword_ptr[rdi + NativeContext.XOffset]);
        ClearHostFlags();
    }

    /// <summary>Returns to the run loop with <paramref name="value"/>: the retired count and budget go back to the context.</summary>
    private void EmitReturn(int value)
    {
        _a.mov(__qword_ptr[rdi + NativeContext.RetiredOffset], rbx);
        _a.mov(__dword_ptr[rdi + NativeContext.BudgetOffset], r12d);
        _a.pop(r12);
        _a.pop(rbx);
        _a.mov(eax, value);
        _a.ret();
    }

    /// <summary>Leaves with <paramref name="record"/> not executed: the run loop redoes it through its handler.</summary>
    private void EmitReturnAtRecord(int record)
    {
        if (record > 0)
        {
            _a.add(rbx, record);
        }

        _a.mov(__dword_ptr[rdi + NativeContext.ExitBlockOffset], _id);
        EmitReturn(record);
    }

    /// <summary>A label for the slow path of record <paramref name="index"/>, emitted out of line.</summary>
    private Label SlowPath(int index)
    {
        Label label = _a.CreateLabel();
        _slowPaths.Add((label, index));
        return label;
    }

    /// <summary>Collects the assembled bytes.</summary>
    private sealed class ArrayCodeWriter : CodeWriter
    {
        private byte[] _bytes = new byte[1024];

        public int Length { get; private set; }

        public ReadOnlySpan<byte> AsSpan() => _bytes.AsSpan(0, Length);

        public override void WriteByte(byte value)
        {
            if (Length == _bytes.Length)
            {
                Array.Resize(ref _bytes, _bytes.Length * 2);
            }

            _bytes[Length++] = value;
        }
    }
}
