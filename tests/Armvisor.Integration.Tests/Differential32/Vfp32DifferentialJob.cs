using System.Buffers.Binary;

namespace Armvisor.Integration.Tests.Differential32;

/// <summary>The FP job image guests/difftest32 reads (layout.h: JOB_FLAG_FP, FP_CASE_SIZE-byte cases, JOB_FLAG_T32).</summary>
internal static class Vfp32DifferentialJob
{
    private const uint Magic = 0x4A32_3344;
    private const uint FlagFp = 1;
    private const int CasesOffset = 0x40;
    private const int CaseSize = 272;

    public static byte[] Build(IReadOnlyList<Vfp32Case> cases, int detailFirst = 0, int detailCount = 0, bool thumb = false)
    {
        var image = new byte[CasesOffset + (cases.Count * CaseSize)];
        Span<byte> s = image;
        BinaryPrimitives.WriteUInt32LittleEndian(s, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)cases.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], (uint)detailFirst);
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], (uint)detailCount);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], FlagFp | (thumb ? A32DifferentialJob.FlagT32 : 0));
        for (int c = 0; c < cases.Count; c++)
        {
            Span<byte> record = s.Slice(CasesOffset + (c * CaseSize), CaseSize);
            for (int r = 0; r < 13; r++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(record[(r * 4)..], cases[c].Registers[r]);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(record[52..], cases[c].Apsr);
            BinaryPrimitives.WriteUInt32LittleEndian(record[56..], cases[c].Instruction);
            BinaryPrimitives.WriteUInt32LittleEndian(record[60..], cases[c].Fpscr);
            for (int d = 0; d < 16; d++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(record[(64 + (8 * d))..], cases[c].Doubles[d]);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(record[256..], cases[c].Prefix); // FP_CASE_PREFIX (T32: the IT halfword)
        }

        return image;
    }
}
