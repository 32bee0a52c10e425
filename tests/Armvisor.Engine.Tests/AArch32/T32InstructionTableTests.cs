using Armvisor.Engine.AArch32.Decoding;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>The T32 table (issue 15): rows never overlap, each row is reachable, and words GNU as assembles for
/// -mthumb -march=armv7ve decode to the row that encodes them.</summary>
public class T32InstructionTableTests
{
    [Fact]
    public void Encodings_NoTwoPatternsOverlap()
    {
        IReadOnlyList<T32Encoding> rows = T32InstructionTable.Encodings;
        var overlaps = new List<string>();
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = i + 1; j < rows.Count; j++)
            {
                T32Encoding a = rows[i], b = rows[j];
                uint common = a.FixedMask & b.FixedMask;
                if (a.Wide == b.Wide && ((a.FixedBits ^ b.FixedBits) & common) == 0)
                {
                    overlaps.Add($"{a} / {b}");
                }
            }
        }

        Assert.True(overlaps.Count == 0, string.Join("\n", overlaps));
    }

    [Fact]
    public void Encodings_MnemonicsUniqueAndEveryRowMatchesItsOwnFixedBitsAndLength()
    {
        IReadOnlyList<T32Encoding> rows = T32InstructionTable.Encodings;
        Assert.Equal(rows.Count, rows.Select(r => r.Mnemonic).Distinct().Count());
        foreach (T32Encoding row in rows)
        {
            Assert.True(row.Matches(row.FixedBits), row.ToString());
            Assert.Equal(row.Wide, T32Encoding.IsWide(row.Wide ? row.FixedBits >> 16 : row.FixedBits));
        }
    }

    [Fact]
    public void Decode_EveryHalfword_NeverMatchesTwoRowsAndSixteenBitSpaceIsMostlyAllocated()
    {
        int allocated = 0;
        for (uint h = 0; h < 0x1_0000; h++)
        {
            if (T32Encoding.IsWide(h))
            {
                continue;
            }

            int matches = T32InstructionTable.Encodings.Count(r => !r.Wide && r.Matches(h));
            Assert.True(matches <= 1, $"0x{h:X4} matches {matches} rows");
            allocated += matches;
        }

        // Unallocated in ARMv7-A: SETEND, 1011 x000 / 0111 / 1000 / 1010 10xx (HLT), 1101 1110 (UDF matches a row).
        Assert.True(allocated > 0xE000 - 0x800, $"{allocated:X} halfwords allocated");
    }

    [Theory]
    [InlineData(0x1888u, "ADD_SUB_reg_16")] // adds r0, r1, r2
    [InlineData(0x2801u, "MOV_CMP_ADD_SUB_imm8_16")] // cmp r0, #1
    [InlineData(0xBF0Cu, "IT_mask1_100")] // ite eq
    [InlineData(0xBF08u, "IT_1000")] // it eq
    [InlineData(0xF0114000u, "AND_TST_imm")] // ands.w r0, r1, #0x80000000
    [InlineData(0xF04F10ABu, "ORR_MOV_imm")] // mov.w r0, #0x00ab00ab
    [InlineData(0xEA610002u, "ORN_MVN_reg")] // orn r0, r1, r2
    [InlineData(0x4801u, "LDR_lit_16")] // ldr r0, [pc, #4]
    [InlineData(0xF000F802u, "BL")]
    [InlineData(0xF000E802u, "BLX_imm")]
    [InlineData(0xE8DFF000u, "TBB_TBH")] // tbb [pc, r0]
    [InlineData(0xE8D1F012u, "TBB_TBH")] // tbh [r1, r2, lsl #1]
    [InlineData(0xB110u, "CBZ_CBNZ")]
    [InlineData(0xE9D10502u, "LDRD_STRD_offset_pre")] // ldrd r0, r5, [r1, #8]
    [InlineData(0xE8710502u, "LDRD_STRD_post")] // ldrd r0, r5, [r1], #-8
    [InlineData(0xE9612701u, "LDRD_STRD_offset_pre")] // strd r2, r7, [r1, #-4]!
    [InlineData(0xE8510F01u, "LDREX")] // ldrex r0, [r1, #4]
    [InlineData(0xE8413201u, "STREX")] // strex r2, r3, [r1, #4]
    [InlineData(0xE8D1057Fu, "LDREXD")]
    [InlineData(0xDF05u, "SVC_16")]
    [InlineData(0xDE01u, "UDF_16")]
    [InlineData(0xF7E08000u, "HVC")]
    [InlineData(0xEE110F10u, "COPROC_CDP_MCR")] // mrc p15, 0, r0, c1, c0, 0
    [InlineData(0xF8510022u, "LDR_STR_reg")] // ldr.w r0, [r1, r2, lsl #2]
    [InlineData(0xF9310C03u, "LDRS_imm8")] // ldrsh.w r0, [r1, #-3]
    [InlineData(0xF8B10FFEu, "LDR_STR_imm12")] // ldrh.w r0, [r1, #4094]
    [InlineData(0xF8510E03u, "LDR_STR_imm8")] // ldrt r0, [r1, #3]
    [InlineData(0xB510u, "PUSH_16")]
    [InlineData(0xBD10u, "POP_16")]
    [InlineData(0xE92D4FF0u, "LDM_STM_DB")] // push.w {r4-r11, lr}
    [InlineData(0xE8BD8FF0u, "LDM_STM_IA")] // pop.w {r4-r11, pc}
    [InlineData(0xFB91F0F2u, "MULL_DIV")] // sdiv r0, r1, r2
    [InlineData(0xFBA20103u, "MULL_DIV")] // umull r0, r1, r2, r3
    [InlineData(0xFB113012u, "MUL_MLA_SMUL")] // smlabt r0, r1, r2, r3
    [InlineData(0xF3C100C4u, "UBFX")]
    [InlineData(0xF36F100Bu, "BFI_BFC")] // bfc r0, #4, #8
    [InlineData(0xF2412034u, "MOVW")]
    [InlineData(0xF2C56078u, "MOVT")]
    [InlineData(0xF60170FFu, "ADDW_ADR")] // addw r0, r1, #4095
    [InlineData(0xF20F00FCu, "ADDW_ADR")] // adr.w r0, . + 0x100
    [InlineData(0xF3DE8F04u, "SUBS_PC_LR")]
    [InlineData(0xB672u, "CPS_16")] // cpsid i
    [InlineData(0xF3EF8000u, "MRS")]
    [InlineData(0xF3808900u, "MSR")] // msr cpsr_fc, r0
    [InlineData(0xF3BF8F5Bu, "CLREX_DSB_DMB_ISB")] // dmb ish
    [InlineData(0xBF30u, "HINT_16")] // wfi
    [InlineData(0xFA01F002u, "LSL_LSR_ASR_ROR_reg")]
    [InlineData(0xFA41F092u, "SXTA_UXTA")] // sxtab r0, r1, r2, ror #8
    [InlineData(0xFAB1F081u, "CLZ")]
    [InlineData(0xFA82F081u, "QADD_QSUB")]
    [InlineData(0xF3011007u, "SSAT")]
    [InlineData(0x4248u, "DP_16")] // rsbs r0, r1, #0
    [InlineData(0x4487u, "ADD_CMP_high_16")] // add pc, r0
    [InlineData(0x46C8u, "MOV_high_16")] // mov r8, r9
    [InlineData(0x4770u, "BX_BLX_16")] // bx lr
    [InlineData(0xE82DC013u, "SRSDB")]
    [InlineData(0xE990C000u, "RFEIA")]
    [InlineData(0x9802u, "LDR_STR_sp_16")]
    [InlineData(0xA804u, "ADD_sp_imm_16")]
    [InlineData(0xB084u, "ADD_SUB_sp_sp_16")]
    [InlineData(0xB208u, "SXTH_SXTB_UXTH_UXTB_16")]
    [InlineData(0xBE03u, "BKPT_16")]
    [InlineData(0xC006u, "STM_LDM_16")]
    [InlineData(0xD009u, "B_cond_16_0")] // beq.n
    [InlineData(0xE008u, "B_16")]
    [InlineData(0xF00087FFu, "B_cond_32_0")] // beq.w
    [InlineData(0xF0FFBFFEu, "B_32")]
    [InlineData(0xEF010D02u, "SIMD_DP")] // vadd.f32 d0, d1, d2
    [InlineData(0xF920078Fu, "SIMD_LS")] // vld1.32 {d0}, [r0]
    [InlineData(0xEE100A10u, "COPROC_CDP_MCR")] // vmov r0, s0
    public void Decode_AssembledWord_MatchesItsRow(uint word, string mnemonic)
    {
        T32Encoding[] matches = T32InstructionTable.Encodings.Where(r => r.Wide == (word > 0xFFFF) && r.Matches(word)).ToArray();
        Assert.Single(matches);
        Assert.Equal(mnemonic, matches[0].Mnemonic);
    }

    [Theory]
    [InlineData(0xEE110F10u, 0xEE110F10u)] // mrc p15: the same word (cond = AL)
    [InlineData(0xFE110F10u, 0xFE110F10u)] // mrc2: the unconditional space
    [InlineData(0xEF010D02u, 0xF2010D02u)] // vadd.f32 d0, d1, d2
    [InlineData(0xFF010D12u, 0xF3010D12u)] // vmul.f32 d0, d1, d2 (U = 1)
    [InlineData(0xF920078Fu, 0xF420078Fu)] // vld1.32 {d0}, [r0]
    public void CoprocessorSpace_ToA32_GivesTheA32Encoding(uint t32, uint a32) =>
        Assert.Equal(a32, T32CoprocessorSpace.ToA32(t32));

    [Fact]
    public void Decode_Mrc15FromT32_ReachesTheA32CoprocessorRow()
    {
        Assert.NotNull(T32InstructionTable.Decode(0xEE110F10)); // mrc p15, 0, r0, c1, c0, 0
        // vmov r0, s0: the T32 coprocessor row re-maps it to the A32 form, which the A32 table's VFP rows decode.
        Assert.NotNull(T32InstructionTable.Decode(0xEE100A10));
        Assert.NotNull(A32InstructionTable.DecodeFpSimd(T32CoprocessorSpace.ToA32(0xEE100A10)));
    }

    [Theory]
    [InlineData(0xB110u)] // cbz
    [InlineData(0xD009u)] // beq.n
    [InlineData(0xBF08u)] // it eq
    public void Decode_OutsideItBlockOnly_IsUndefinedInOne(uint word)
    {
        Assert.NotNull(T32InstructionTable.Decode(word));
        Assert.Null(T32InstructionTable.Decode(word, T32Context.InItBlock));
        Assert.Null(T32InstructionTable.Decode(word, T32Context.LastInItBlock));
    }

    [Theory]
    [InlineData(0xE008u)] // b.n
    [InlineData(0x4770u)] // bx lr
    [InlineData(0xBD10u)] // pop {r4, pc}
    [InlineData(0x4487u)] // add pc, r0
    [InlineData(0xF000F802u)] // bl
    public void Decode_Branch_OnlyLastInItBlock(uint word)
    {
        Assert.NotNull(T32InstructionTable.Decode(word, T32Context.LastInItBlock));
        Assert.Null(T32InstructionTable.Decode(word, T32Context.InItBlock));
    }

    // UNPREDICTABLE operand combinations are UNDEFINED at decode (so the differential generator skips them; QEMU
    // executes some of them with a meaning of its own).
    [Theory]
    [InlineData(0xF3CF2A06u)] // ubfx r10, pc, #8, #7: n == 15 (F5.1 UBFX)
    [InlineData(0xF34F2A06u)] // sbfx r10, pc, #8, #7: n == 15 (F5.1 SBFX)
    [InlineData(0xF3C1705Fu)] // ubfx r0, r1, #29, #32: msbit > 31
    public void Decode_UnpredictableOperands_IsUndefined(uint word) =>
        Assert.Null(T32InstructionTable.Decode(word));
}
