using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Instructions;

namespace Armvisor.Engine.A64.Decoding;

/// <summary>
/// The fast decoder derived from <see cref="A64InstructionTable"/>: a 4096-entry index on bits [31:20] whose buckets
/// list the encodings whose fixed bits agree with the bucket; the table has no overlapping patterns (a test checks), so
/// the first match is the only one. No match, or a Prepare that rejects the field values, is UNDEFINED (DDI0487 C4.1).
/// </summary>
internal static unsafe class A64Decoder
{
    private const int IndexShift = 20;

    private static readonly A64Encoding[][] Buckets = BuildBuckets();

    /// <summary>Finds the encoding of <paramref name="instruction"/>, or null when unallocated.</summary>
    public static A64Encoding? Find(uint instruction)
    {
        foreach (A64Encoding encoding in Buckets[instruction >> IndexShift])
        {
            if ((instruction & encoding.FixedMask) == encoding.FixedBits)
            {
                return encoding;
            }
        }

        return null;
    }

    /// <summary>Fills <paramref name="record"/> for the instruction at <paramref name="pc"/>; returns whether it ends a block.</summary>
    public static bool Decode(uint instruction, ulong pc, DecodedInstruction* record)
    {
        *record = default;
        record->Raw = instruction;
        record->Pc = pc;
        record->Rd = (byte)(instruction & 31);
        record->Rn = (byte)((instruction >> 5) & 31);
        record->Rm = (byte)((instruction >> 16) & 31);
        record->Ra = (byte)((instruction >> 10) & 31);
        A64Encoding? encoding = Find(instruction);
        if (encoding == null)
        {
            record->Handler = &ExceptionInstructions.Undefined;
            return true;
        }

        record->Handler = encoding.Handler;
        if (encoding.Prepare != null && !encoding.Prepare(instruction, record))
        {
            record->Handler = &ExceptionInstructions.Undefined;
            return true;
        }

        return encoding.EndsBlock;
    }

    private static A64Encoding[][] BuildBuckets()
    {
        IReadOnlyList<A64Encoding> all = A64InstructionTable.Encodings;
        var buckets = new A64Encoding[1 << (32 - IndexShift)][];
        var candidates = new List<A64Encoding>();
        for (uint bucket = 0; bucket < buckets.Length; bucket++)
        {
            candidates.Clear();
            uint top = bucket << IndexShift;
            foreach (A64Encoding encoding in all)
            {
                uint mask = encoding.FixedMask & ~((1u << IndexShift) - 1);
                if ((top & mask) == (encoding.FixedBits & mask))
                {
                    candidates.Add(encoding);
                }
            }

            buckets[bucket] = candidates.ToArray();
        }

        return buckets;
    }
}
