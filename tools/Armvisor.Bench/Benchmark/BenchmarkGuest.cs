using System.Buffers.Binary;

namespace Armvisor.Bench.Benchmark;

/// <summary>
/// The benchmark guest's parameter block (guests/bench/bench.c <c>struct bench_params</c>): found in the ELF by its
/// magic "BENCHPRM" and patched, so one build serves every iteration count.
/// </summary>
public static class BenchmarkGuest
{
    private const ulong Magic = 0x4D52_5048_434E_4542; // "BENCHPRM"

    /// <summary>A copy of <paramref name="elf"/> that runs <paramref name="iterations"/> iterations, with or without the MMU.</summary>
    public static byte[] WithParameters(ReadOnlySpan<byte> elf, ulong iterations, bool useMmu)
    {
        byte[] copy = elf.ToArray();
        Span<byte> magic = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(magic, Magic);
        int at = copy.AsSpan().IndexOf(magic);
        if (at < 0 || copy.AsSpan(at + 8).IndexOf(magic) >= 0)
        {
            throw new InvalidDataException("the benchmark guest has no (or more than one) BENCHPRM parameter block");
        }

        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(at + 8), iterations);
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(at + 16), useMmu ? 1UL : 0UL);
        return copy;
    }
}
