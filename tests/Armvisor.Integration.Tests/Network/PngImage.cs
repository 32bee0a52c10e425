using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Armvisor.Integration.Tests.Network;

/// <summary>
/// Just enough of PNG (ISO/IEC 15948, W3C PNG 2nd edition) to check a browser screenshot: the signature, IHDR, the
/// chunk CRCs, the zlib image data and its five row filters (§9), for 8-bit truecolour with or without alpha, which
/// is what Chromium writes. Throws <see cref="InvalidDataException"/> for anything else.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    /// <summary>Unfiltered rows, top to bottom, <see cref="Channels"/> bytes per pixel.</summary>
    public byte[] Pixels { get; }

    /// <summary>Pixels whose Rec. 601 luma is below <paramref name="threshold"/> (text on a light page).</summary>
    public int DarkPixels(int threshold = 128)
    {
        int dark = 0;
        for (int i = 0; i < Pixels.Length; i += Channels)
        {
            if ((299 * Pixels[i] + 587 * Pixels[i + 1] + 114 * Pixels[i + 2]) / 1000 < threshold)
            {
                dark++;
            }
        }

        return dark;
    }

    public static PngImage Decode(byte[] file)
    {
        if (file.Length < 8 || !file.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG file (signature)");
        }

        int width = 0, height = 0, channels = 0;
        using var data = new MemoryStream();
        bool end = false;
        for (int at = 8; !end;)
        {
            if (at + 12 > file.Length)
            {
                throw new InvalidDataException("PNG truncated before IEND");
            }

            int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)));
            string type = Encoding.ASCII.GetString(file, at + 4, 4);
            ReadOnlySpan<byte> body = file.AsSpan(at + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length));
            if (System.IO.Hashing.Crc32.HashToUInt32(file.AsSpan(at + 4, 4 + length)) != crc)
            {
                throw new InvalidDataException($"PNG chunk {type}: CRC mismatch");
            }

            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(body);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                    if (body[8] != 8 || body[12] != 0 || (body[9] != 2 && body[9] != 6))
                    {
                        throw new InvalidDataException($"PNG: bit depth {body[8]}, colour type {body[9]}, interlace {body[12]} not handled");
                    }

                    channels = body[9] == 6 ? 4 : 3;
                    break;
                case "IDAT":
                    data.Write(body);
                    break;
                case "IEND":
                    end = true;
                    break;
            }

            at += 12 + length;
        }

        if (width <= 0 || height <= 0)
        {
            throw new InvalidDataException("PNG without IHDR");
        }

        int stride = width * channels;
        var filtered = new byte[(stride + 1) * height];
        data.Position = 0;
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress))
        {
            zlib.ReadExactly(filtered);
        }

        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = filtered[y * (stride + 1)];
            for (int x = 0; x < stride; x++)
            {
                int a = x >= channels ? pixels[y * stride + x - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
                int raw = filtered[y * (stride + 1) + 1 + x];
                pixels[y * stride + x] = (byte)(filter switch
                {
                    0 => raw,
                    1 => raw + a,
                    2 => raw + b,
                    3 => raw + ((a + b) >> 1),
                    4 => raw + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG row {y}: filter type {filter}"),
                });
            }
        }

        return new PngImage(width, height, channels, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
