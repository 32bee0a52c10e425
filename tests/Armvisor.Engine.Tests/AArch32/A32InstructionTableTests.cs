using Armvisor.Engine.AArch32.Decoding;

namespace Armvisor.Engine.Tests.AArch32;

public class A32InstructionTableTests
{
    [Fact]
    public void Encodings_NoTwoPatternsOverlap()
    {
        IReadOnlyList<A32Encoding> rows = A32InstructionTable.Encodings;
        var overlaps = new List<string>();
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = i + 1; j < rows.Count; j++)
            {
                A32Encoding a = rows[i], b = rows[j];
                uint common = a.FixedMask & b.FixedMask;
                if (a.Unconditional == b.Unconditional && ((a.FixedBits ^ b.FixedBits) & common) == 0)
                {
                    overlaps.Add($"{a} / {b}");
                }
            }
        }

        Assert.True(overlaps.Count == 0, string.Join("\n", overlaps));
    }

    [Fact]
    public void Encodings_MnemonicsUniqueAndEveryRowMatchesItsOwnFixedBits()
    {
        IReadOnlyList<A32Encoding> rows = A32InstructionTable.Encodings;
        Assert.Equal(rows.Count, rows.Select(r => r.Mnemonic).Distinct().Count());
        foreach (A32Encoding row in rows)
        {
            uint word = row.Unconditional ? row.FixedBits : row.FixedBits | 0xE000_0000;
            Assert.True(row.Matches(word), row.ToString());
            Assert.Equal(row.Unconditional, row.Matches(word | 0xF000_0000));
        }
    }

    [Theory]
    [InlineData(0xE0910002u, "DP_reg")] // adds r0, r1, r2
    [InlineData(0xE1B00271u, "DP_rsr_mov_mvn")] // rors r0, r1, r2
    [InlineData(0xE0810392u, "MULL")] // umull
    [InlineData(0xE1C120D8u, "LDRSB_LDRD_imm")] // ldrd r2, r3, [r1, #8]
    [InlineData(0xE92D4010u, "LDM_STM")] // push {r4, lr}
    [InlineData(0xE1910F9Fu, "LDREX")]
    [InlineData(0xEE110F10u, "MCR_MRC")] // mrc p15, 0, r0, c1, c0, 0
    [InlineData(0xE1400070u, "HVC")]
    [InlineData(0xE320F002u, "HINT")] // wfe
    [InlineData(0xF1020012u, "CPS")]
    [InlineData(0xE1000300u, "MRS_banked")] // mrs r0, lr_irq
    [InlineData(0xE730F211u, "UDIV")]
    public void Decode_KnownWord_MatchesItsRow(uint word, string mnemonic)
    {
        A32Encoding[] matches = A32InstructionTable.Encodings.Where(r => r.Matches(word)).ToArray();
        Assert.Single(matches);
        Assert.Equal(mnemonic, matches[0].Mnemonic);
    }

    // SWP/SWPB: unallocated in Armv8 AArch32 (DDI0487 F4.1 "Synchronization primitives"), and UNDEFINED on an ARMv7 PE
    // with the Multiprocessing Extensions while SCTLR.SW (RAZ here) is 0; QEMU 7.2's cortex-a15 executes them.
    [Theory]
    [InlineData(0xE1020091u)] // swp r0, r1, [r2]
    [InlineData(0xE1420091u)] // swpb r0, r1, [r2]
    public void Decode_SwpSwpb_IsUndefined(uint word) =>
        Assert.Null(A32InstructionTable.Decode(word));
}
