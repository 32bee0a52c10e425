using System.Buffers.Binary;

namespace Armvisor.Bench.Differential;

/// <summary>The state a case ended in, read from its result record (<see cref="DiffLayout"/>).</summary>
public sealed class CaseResult
{
    private CaseResult(ReadOnlySpan<byte> r)
    {
        for (int i = 0; i < 31; i++)
        {
            X[i] = Get(r, DiffLayout.OutX + (i * 8));
        }

        Sp = Get(r, DiffLayout.OutSp);
        Nzcv = Get(r, DiffLayout.OutNzcv);
        Fpsr = Get(r, DiffLayout.OutFpsr);
        Fpcr = Get(r, DiffLayout.OutFpcr);
        Kind = Get(r, DiffLayout.OutKind);
        Esr = Get(r, DiffLayout.OutEsr);
        Elr = Get(r, DiffLayout.OutElr);
        Far = Get(r, DiffLayout.OutFar);
        Spsr = Get(r, DiffLayout.OutSpsr);
        MemoryChanges = Get(r, DiffLayout.OutMemCount);
        int recorded = (int)Math.Min(MemoryChanges, DiffLayout.OutMemMax);
        var mem = new (ulong, ulong)[recorded];
        for (int i = 0; i < recorded; i++)
        {
            mem[i] = (Get(r, DiffLayout.OutMem + (i * 16)), Get(r, DiffLayout.OutMem + (i * 16) + 8));
        }

        Memory = mem;
        Complete = Get(r, DiffLayout.OutDone) == DiffLayout.ResultDone;
        for (int v = 0; v < 32; v++)
        {
            V[v] = BinaryPrimitives.ReadUInt128LittleEndian(r[(DiffLayout.OutV + (v * 16))..]);
        }
    }

    public ulong[] X { get; } = new ulong[31];

    public ulong Sp { get; }

    public ulong Nzcv { get; }

    public ulong Fpsr { get; }

    public ulong Fpcr { get; }

    /// <summary>0: the instruction completed; 1 + vector index: an exception was taken (index 4 = current EL, SPx, synchronous).</summary>
    public ulong Kind { get; }

    public ulong Esr { get; }

    public ulong Elr { get; }

    public ulong Far { get; }

    /// <summary>SPSR_EL1 when an exception was taken (the PSTATE of the faulting instruction).</summary>
    public ulong Spsr { get; }

    /// <summary>How many scratch doublewords changed.</summary>
    public ulong MemoryChanges { get; }

    /// <summary>The first changes: (offset in scratch, new doubleword).</summary>
    public IReadOnlyList<(ulong Offset, ulong Value)> Memory { get; }

    public UInt128[] V { get; } = new UInt128[32];

    /// <summary>The runner finished this record.</summary>
    public bool Complete { get; }

    /// <summary>Reads the <paramref name="count"/> records of <paramref name="results"/>.</summary>
    public static CaseResult[] ParseAll(ReadOnlySpan<byte> results, int count)
    {
        var all = new CaseResult[count];
        for (int i = 0; i < count; i++)
        {
            all[i] = new CaseResult(results.Slice(i * DiffLayout.RecordSize, DiffLayout.RecordSize));
        }

        return all;
    }

    private static ulong Get(ReadOnlySpan<byte> r, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(r[offset..]);
}
