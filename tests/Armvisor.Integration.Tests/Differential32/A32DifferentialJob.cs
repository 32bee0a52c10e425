using System.Buffers.Binary;

namespace Armvisor.Integration.Tests.Differential32;

/// <summary>The job image guests/difftest32 reads at <see cref="Base"/> (guests/difftest32/layout.h).</summary>
internal static class A32DifferentialJob
{
    public const ulong Base = 0x4010_0000;
    public const int BlockCases = 64;
    private const uint Magic = 0x4A32_3344;
    private const int CasesOffset = 0x40;
    private const int CaseSize = 64;
    internal const uint FlagT32 = 2;

    public static byte[] Build(IReadOnlyList<A32Case> cases, int detailFirst = 0, int detailCount = 0, bool thumb = false)
    {
        var image = new byte[CasesOffset + (cases.Count * CaseSize)];
        Span<byte> s = image;
        BinaryPrimitives.WriteUInt32LittleEndian(s, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)cases.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], (uint)detailFirst);
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], (uint)detailCount);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], thumb ? FlagT32 : 0u);
        for (int c = 0; c < cases.Count; c++)
        {
            Span<byte> record = s.Slice(CasesOffset + (c * CaseSize), CaseSize);
            for (int r = 0; r < 13; r++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(record[(r * 4)..], cases[c].Registers[r]);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(record[52..], cases[c].Apsr);
            BinaryPrimitives.WriteUInt32LittleEndian(record[56..], cases[c].Instruction);
            BinaryPrimitives.WriteUInt32LittleEndian(record[60..], cases[c].Prefix); // CASE_PREFIX (T32: the IT halfword)
        }

        return image;
    }
}
