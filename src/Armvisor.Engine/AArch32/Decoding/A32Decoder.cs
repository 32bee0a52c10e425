using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.AArch32.Semantics;

namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// The A32 decoder derived from <see cref="A32InstructionTable"/>: 2 x 4096 buckets on the condition space and bits
/// [27:20]:[7:4] (the bits the Arm ARM's A32 decode tables switch on), each listing the rows whose fixed bits agree.
/// </summary>
internal static unsafe class A32Decoder
{
    private static readonly A32Encoding[][] s_buckets = Build(A32InstructionTable.Encodings);
    private static readonly A32Encoding[][] s_fpSimdBuckets = Build(A32InstructionTable.Encodings.Where(A32InstructionTable.IsFpSimd).ToArray());

    private static int BucketOf(uint raw) => ((raw >> 28) == 0xF ? 4096 : 0) | (int)(((raw >> 16) & 0xFF0) | ((raw >> 4) & 0xF));

    private static A32Encoding[][] Build(IReadOnlyList<A32Encoding> rows)
    {
        var buckets = new A32Encoding[8192][];
        for (int b = 0; b < 8192; b++)
        {
            bool unconditional = b >= 4096;
            uint bits = ((uint)(b & 0xFF0) << 16) | ((uint)(b & 0xF) << 4);
            const uint bucketMask = 0x0FF0_00F0;
            buckets[b] = rows
                .Where(e => e.Unconditional == unconditional && (e.FixedBits & bucketMask) == (bits & e.FixedMask & bucketMask))
                .ToArray();
        }

        return buckets;
    }

    /// <summary>Fills <paramref name="d"/> for <paramref name="raw"/>; an unallocated encoding gets the UNDEFINED handler.</summary>
    public static A32Encoding? Decode(uint raw, DecodedInstruction* d) => Decode(s_buckets, raw, d);

    /// <summary>
    /// The floating-point and Advanced SIMD rows only, for an A32-form word: the one decode the A32 and T32 decoders
    /// share (T32 re-maps its VFP/Advanced SIMD encodings to the A32 form, DDI0487 F3.1). The handler then sees the
    /// A32-form word in <c>d->Raw</c>.
    /// </summary>
    public static A32Encoding? DecodeFpSimd(uint a32FormWord, DecodedInstruction* d) => Decode(s_fpSimdBuckets, a32FormWord, d);

    private static A32Encoding? Decode(A32Encoding[][] buckets, uint raw, DecodedInstruction* d)
    {
        foreach (A32Encoding row in buckets[BucketOf(raw)])
        {
            if (row.Matches(raw))
            {
                *d = default;
                d->Raw = raw;
                d->Length = 4;
                d->Handler = row.Handler;
                if (row.Prepare == null || row.Prepare(raw, d))
                {
                    return row;
                }

                break;
            }
        }

        *d = default;
        d->Raw = raw;
        d->Length = 4;
        d->Handler = &A32Exceptions.Undefined;
        return null;
    }
}
