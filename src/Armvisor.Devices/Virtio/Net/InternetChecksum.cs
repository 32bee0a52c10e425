namespace Armvisor.Devices.Virtio.Net;

/// <summary>
/// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of 16-bit big-endian words.
/// </summary>
public static class InternetChecksum
{
    /// <summary>
    /// Completes a partial checksum as VIRTIO_NET_HDR_F_NEEDS_CSUM asks (virtio 1.1 §5.1.6.2): the sum over the frame
    /// from <paramref name="start"/> to its end (where the driver already stored the pseudo-header sum at
    /// <paramref name="start"/> + <paramref name="offset"/>), complemented and stored there. A result of 0 is stored as
    /// 0xFFFF, the same value in one's complement, which UDP requires (RFC 768) and TCP accepts. False when the fields
    /// do not lie inside the frame.
    /// </summary>
    public static bool CompletePartial(Span<byte> frame, int start, int offset)
    {
        if (start < 0 || offset < 0 || start + offset + 2 > frame.Length)
        {
            return false;
        }

        ushort folded = Fold(Sum(frame[start..]));
        ushort value = (ushort)~folded;
        if (value == 0)
        {
            value = 0xFFFF;
        }

        frame[start + offset] = (byte)(value >> 8);
        frame[start + offset + 1] = (byte)value;
        return true;
    }

    /// <summary>The one's complement sum of <paramref name="bytes"/> as 16-bit big-endian words (odd length: zero padded), not folded.</summary>
    public static ulong Sum(ReadOnlySpan<byte> bytes)
    {
        ulong sum = 0;
        int i = 0;
        for (; i + 1 < bytes.Length; i += 2)
        {
            sum += (uint)((bytes[i] << 8) | bytes[i + 1]);
        }

        if (i < bytes.Length)
        {
            sum += (uint)(bytes[i] << 8);
        }

        return sum;
    }

    /// <summary>Folds carries back into 16 bits.</summary>
    public static ushort Fold(ulong sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)sum;
    }
}
