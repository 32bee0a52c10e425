using Armvisor.Engine.AArch32.Semantics;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Decoding;

/// <summary>
/// The T32 decoder derived from <see cref="T32InstructionTable"/>: 1024 buckets on bits [15:6] of a 16-bit encoding
/// and 4096 on bits [27:20]:[15:12] of a 32-bit one, each listing the rows whose fixed bits agree. A row that re-maps to
/// A32 is decoded by <see cref="A32Decoder"/> from the re-mapped word, so its record carries the A32 handler and fields.
/// </summary>
internal static unsafe class T32Decoder
{
    private static readonly T32Encoding[][] s_narrow = BuildNarrow();
    private static readonly T32Encoding[][] s_wide = BuildWide();

    private static int NarrowBucketOf(uint raw) => (int)((raw >> 6) & 0x3FF);

    private static int WideBucketOf(uint raw) => (int)(((raw >> 16) & 0xFF0) | ((raw >> 12) & 0xF));

    private static T32Encoding[][] BuildNarrow()
    {
        var buckets = new T32Encoding[1024][];
        for (int b = 0; b < 1024; b++)
        {
            uint bits = (uint)b << 6;
            const uint bucketMask = 0xFFC0;
            buckets[b] = T32InstructionTable.Encodings
                .Where(e => !e.Wide && (e.FixedBits & bucketMask) == (bits & e.FixedMask & bucketMask))
                .ToArray();
        }

        return buckets;
    }

    private static T32Encoding[][] BuildWide()
    {
        var buckets = new T32Encoding[4096][];
        for (int b = 0; b < 4096; b++)
        {
            uint bits = ((uint)(b & 0xFF0) << 16) | ((uint)(b & 0xF) << 12);
            const uint bucketMask = 0x0FF0_F000;
            buckets[b] = T32InstructionTable.Encodings
                .Where(e => e.Wide && (e.FixedBits & bucketMask) == (bits & e.FixedMask & bucketMask))
                .ToArray();
        }

        return buckets;
    }

    /// <summary>
    /// Fills <paramref name="d"/> for <paramref name="raw"/> (a 32-bit encoding when <see cref="T32Encoding.IsWide"/> of its
    /// first halfword) decoded in <paramref name="context"/>; an unallocated encoding, or one the context forbids, gets the
    /// UNDEFINED handler. <see cref="DecodedInstruction.Length"/> is 2 or 4.
    /// </summary>
    public static T32Encoding? Decode(uint raw, bool wide, T32Context context, DecodedInstruction* d)
    {
        T32Encoding[] bucket = wide ? s_wide[WideBucketOf(raw)] : s_narrow[NarrowBucketOf(raw)];
        foreach (T32Encoding row in bucket)
        {
            if (!row.Matches(raw))
            {
                continue;
            }

            if (Allowed(row.ItRule, context) && DecodeRow(row, raw, context, d))
            {
                d->Length = wide ? (byte)4 : (byte)2;
                return row;
            }

            break;
        }

        *d = default;
        d->Raw = raw;
        d->Length = wide ? (byte)4 : (byte)2;
        d->Handler = &A32Exceptions.Undefined;
        return null;
    }

    private static bool Allowed(T32ItRule rule, T32Context context) => rule switch
    {
        T32ItRule.OutsideItBlock => context == T32Context.OutsideItBlock,
        T32ItRule.OutsideOrLast => context != T32Context.InItBlock,
        _ => true,
    };

    private static bool DecodeRow(T32Encoding row, uint raw, T32Context context, DecodedInstruction* d)
    {
        if (row.ToA32 != null)
        {
            uint a32 = row.ToA32(raw, context);
            return a32 != T32Encoding.A32Undefined && A32Decoder.Decode(a32, d) != null;
        }

        *d = default;
        d->Raw = raw;
        d->Handler = row.Handler;
        return row.Prepare == null || row.Prepare(raw, d);
    }
}
