using Armvisor.Engine.Tlb;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Execution;

/// <summary>
/// A pre-decoded basic block: the records of consecutive instructions of one page, up to the first block-ending
/// instruction (branch, system, exception generation) or the page end. <see cref="Execute"/> is the tier hook: it
/// starts as the threaded interpreter loop, and a compiled tier can replace it with a function of the same shape.
/// </summary>
internal sealed unsafe class Block
{
    private readonly DecodedInstruction[] _records;
    private readonly int* _version;

    public Block(BlockKey key, DecodedInstruction[] pinnedRecords, int count, RamMapping mapping, int pageIndex, int codeVersion)
    {
        Key = key;
        _records = pinnedRecords;
        Count = count;
        // SAFETY: the records live on the pinned object heap (GC.AllocateArray pinned: true) for the block's lifetime.
        First = (DecodedInstruction*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref pinnedRecords[0]);
        EndPc = key.VirtualAddress + ((ulong)count << 2);
        Mapping = mapping;
        PageIndex = pageIndex;
        CodeVersion = codeVersion;
        // SAFETY: CodeVersion is allocated on the pinned object heap and lives as long as the mapping the block references.
        _version = (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref mapping.CodeVersion[pageIndex]);
        Execute = &BlockInterpreter.Run;
    }

    public BlockKey Key { get; }

    public ulong VirtualAddress => Key.VirtualAddress;

    /// <summary>The decoded records; <see cref="First"/> points at the first.</summary>
    public DecodedInstruction* First { get; }

    public int Count { get; }

    /// <summary>Fall-through PC after the last instruction.</summary>
    public ulong EndPc { get; }

    public RamMapping Mapping { get; }

    public int PageIndex { get; }

    /// <summary>The page's <see cref="RamMapping.CodeVersion"/> when decoded; any write to the page makes the block stale.</summary>
    public int CodeVersion { get; }

    /// <summary>How many times the block ran: the trigger a compiled tier would use.</summary>
    public long ExecutionCount;

    /// <summary>Runs the block on a vCPU: the interpreter loop (tier 0).</summary>
    public delegate* managed<InterpreterVcpu, Block, void> Execute;

    /// <summary>The native tier's entry (x86-64, <c>Native/NativeTier</c>) from the run loop; 0 until translated.</summary>
    public ulong NativeEntry;

    /// <summary>The native entry for a patched jump from another translated block (budget and code-version checks first).</summary>
    public ulong NativeChainEntry;

    /// <summary>The block's translation id in its vCPU's native tier, -1 if none.</summary>
    public int NativeId = -1;

    /// <summary>The block's first record has no native translation: it stays on the other tiers.</summary>
    public bool NativeRefused;

    /// <summary>The compiled tier of the block (<see cref="BlockCompiler"/>), once it is hot; null until then.</summary>
    public Action<InterpreterVcpu, Block>? Compiled;

    /// <summary>
    /// The two successors last seen after this block (a conditional branch has two), each with the vCPU's chain epoch
    /// when it was recorded: compiled code jumps straight to a successor whose address is the new PC instead of returning
    /// to the run loop (<see cref="InterpreterVcpu.NextChained"/>).
    /// </summary>
    public Block? Successor0;

    public Block? Successor1;

    public int SuccessorEpoch0;

    public int SuccessorEpoch1;

    /// <summary>Records <paramref name="next"/> as a successor, replacing a stale slot first, else the second slot.</summary>
    public void Link(Block next, int epoch)
    {
        if (Successor0 == next || Successor1 == next)
        {
            if (Successor0 == next)
            {
                SuccessorEpoch0 = epoch;
            }
            else
            {
                SuccessorEpoch1 = epoch;
            }

            return;
        }

        if (Successor0 is null || SuccessorEpoch0 != epoch)
        {
            Successor0 = next;
            SuccessorEpoch0 = epoch;
        }
        else
        {
            Successor1 = next;
            SuccessorEpoch1 = epoch;
        }
    }

    /// <summary>The block still matches guest memory.</summary>
    public bool IsCurrent => Volatile.Read(ref *_version) == CodeVersion;

    /// <summary>Where the page's code version lives (pinned), for compiled code that re-checks <see cref="IsCurrent"/>.</summary>
    public int* VersionAddress => _version;

    /// <summary>Keeps the record array reachable (the pointer alone does not).</summary>
    public int RecordCapacity => _records.Length;
}
