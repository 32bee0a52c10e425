using System.Runtime.CompilerServices;
using Armvisor.Engine.A64.Decoding;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>The FP/AdvSIMD rows of the declarative table: no overlap, generator eligibility, and the snapshot the reference generator uses.</summary>
public sealed class SimdTableTests
{
    private static IEnumerable<A64Encoding> SimdRows => A64InstructionTable.Encodings.Where(e => e.Class == InstructionClass.SimdFp);

    /// <summary>The row dump gen.py reads (Reference/README.md): "MNEMONIC mask bits name:lsb:width,...".</summary>
    internal static string[] Dump() => SimdRows
        .Select(e => $"{e.Mnemonic} {e.FixedMask:x8} {e.FixedBits:x8} " + string.Join(",", e.Fields.Select(f => $"{f.Name}:{f.Lsb}:{f.Width}")))
        .ToArray();

    private static string RowsFile([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Reference", "rows.txt");

    [Fact]
    public void SimdRows_Snapshot_MatchesReferenceRowsFile()
    {
        string[] expected = File.ReadAllLines(RowsFile());
        string[] actual = Dump();
        Assert.True(expected.SequenceEqual(actual),
            "Reference/rows.txt is stale: regenerate it from SimdTableTests.Dump() and the *.ref files with gen.py (Reference/README.md). First difference: "
            + actual.Zip(expected).FirstOrDefault(p => p.First != p.Second));
    }

    [Fact]
    public void SimdRows_AgainstWholeTable_NoOverlap()
    {
        IReadOnlyList<A64Encoding> all = A64InstructionTable.Encodings;
        var overlaps = new List<string>();
        foreach (A64Encoding simd in SimdRows.Concat(all.Where(e => e.Class == InstructionClass.LoadStoreSimd)))
        {
            foreach (A64Encoding other in all)
            {
                uint common = simd.FixedMask & other.FixedMask;
                if (!ReferenceEquals(simd, other) && (simd.FixedBits & common) == (other.FixedBits & common))
                {
                    overlaps.Add($"{simd.Mnemonic} / {other.Mnemonic}");
                }
            }
        }

        Assert.Empty(overlaps);
    }

    [Fact]
    public void SimdDataProcessingRows_GeneratorPolicy_AllEligible()
    {
        // Register-only effects (V, X, NZCV, FPSR): the differential generator may emit every field value.
        Assert.All(SimdRows, e => Assert.Equal(GeneratorPolicy.Always, e.GeneratorPolicy));
    }

    [Theory]
    [InlineData(0x6E228C20u, "CMEQ")] // cmeq v0.16b, v1.16b, v2.16b
    [InlineData(0x1E622820u, "FADD")] // fadd d0, d1, d2
    [InlineData(0x4F054560u, "MOVI_MVNI_ORR_BIC")] // movi v0.4s, #0xab, lsl #16
    [InlineData(0x0F0C8420u, "SHRN_B")] // shrn v0.8b, v1.8h, #4
    [InlineData(0x4DDFC420u, "LD1/3_single_post")] // ld1r {v0.8h}, [x1], #2
    public void Decoder_KnownEncoding_FindsRow(uint instruction, string mnemonic)
    {
        A64Encoding? row = A64InstructionTable.Encodings.FirstOrDefault(e => e.Matches(instruction));
        Assert.Equal(mnemonic, row?.Mnemonic);
    }
}
