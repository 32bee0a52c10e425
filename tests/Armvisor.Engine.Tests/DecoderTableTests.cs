using Armvisor.Arm64;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>The declarative encoding table: well-formed, non-overlapping, and the decoder derived from it.</summary>
public sealed class DecoderTableTests
{
    [Fact]
    public void Encodings_NoTwoPatternsOverlap()
    {
        IReadOnlyList<A64Encoding> all = A64InstructionTable.Encodings;
        var overlaps = new List<string>();
        for (int i = 0; i < all.Count; i++)
        {
            for (int j = i + 1; j < all.Count; j++)
            {
                uint common = all[i].FixedMask & all[j].FixedMask;
                if ((all[i].FixedBits & common) == (all[j].FixedBits & common))
                {
                    overlaps.Add($"{all[i]} <-> {all[j]}");
                }
            }
        }

        Assert.Empty(overlaps);
    }

    [Fact]
    public void Encodings_MnemonicsAreUnique()
    {
        var names = new HashSet<string>();
        foreach (A64Encoding encoding in A64InstructionTable.Encodings)
        {
            Assert.True(names.Add(encoding.Mnemonic), encoding.Mnemonic);
        }
    }

    [Fact]
    public void Encodings_FieldsAndFixedBitsCoverAllBits()
    {
        foreach (A64Encoding encoding in A64InstructionTable.Encodings)
        {
            uint fields = 0;
            foreach (EncodingField field in encoding.Fields)
            {
                Assert.Equal(0u, fields & field.Mask);
                fields |= field.Mask;
            }

            Assert.Equal(0u, fields & encoding.FixedMask);
            Assert.Equal(0u, encoding.FixedBits & ~encoding.FixedMask);
        }
    }

    [Theory]
    [InlineData(0x91000420u, "ADD_imm")] // ADD X0, X1, #1
    [InlineData(0xF9400420u, "LDR_X_uoff")] // LDR X0, [X1, #8]
    [InlineData(0xC85F7C01u, "LDXR")] // LDXR X1, [X0]
    [InlineData(0x9AC25C20u, "CRC32C")] // CRC32CX W0, W1, X2
    [InlineData(0xD503201Fu, "HINT")] // NOP
    [InlineData(0xA9FF07E0u, "LDP_X_pre")] // LDP X0, X1, [SP, #-16]!
    [InlineData(0xD53B4203u, "MRS")] // MRS X3, NZCV
    public void Find_KnownEncoding_ReturnsItsRow(uint instruction, string mnemonic)
    {
        A64Encoding? encoding = A64Decoder.Find(instruction);
        Assert.NotNull(encoding);
        Assert.Equal(mnemonic, encoding.Mnemonic);
    }

    [Fact]
    public void Field_NamedField_ExtractsBits()
    {
        A64Encoding add = A64Decoder.Find(0x91000420u)!;
        Assert.Equal(1u, add.Field("imm12").Extract(0x91000420u));
        Assert.Equal(1u, add.Field("Rn").Extract(0x91000420u));
        Assert.Equal(GeneratorPolicy.Always, add.GeneratorPolicy);
    }

    [Theory]
    [InlineData(0x00000000u)] // UDF #0 (permanently undefined)
    [InlineData(0x12800000u | (1u << 22) | (1u << 21))] // MOVN W with hw = 3: unallocated
    [InlineData(0x13000000u | (1u << 22))] // SBFM W with N = 1
    [InlineData(0x72000000u | (1u << 22))] // ANDS W, #imm with N = 1
    [InlineData(0xD4400000u)] // HLT #0: UNDEFINED without halting debug
    [InlineData(0xB8600820u)] // LDR W0, [X1, X0, UXTB]: option<1> = 0 is unallocated
    public void Run_UnallocatedEncoding_TakesUndefinedToEl1(uint instruction)
    {
        using var m = new TestMachine();
        EngineExit exit = m.Run(instruction, Hvc(0));
        Assert.Equal(0x200 / 0x80, TestMachine.VectorSlot(exit)); // current EL with SP_ELx, synchronous
        var esr = new ExceptionSyndrome(m.EsrEl1);
        Assert.Equal(ExceptionClass.Unknown, esr.Class);
        Assert.True(esr.IsInstruction32Bit);
        Assert.Equal(TestMachine.CodeBase, m.ElrEl1);
    }
}
