using Armvisor.Bench.Differential;

namespace Armvisor.Differential.Tests;

/// <summary>The generator and the engine-table catalog, without any emulator.</summary>
public sealed class GeneratorTests
{
    [Fact]
    public void Generate_SameSeedAndIndex_SameCase()
    {
        var a = new RandomCaseGenerator(EngineEncodingCatalog.Instance, 42);
        var b = new RandomCaseGenerator(EngineEncodingCatalog.Instance, 42);

        for (int i = 0; i < 200; i++)
        {
            CaseInput x = a.Generate(i), y = b.Generate(i);
            Assert.Equal(x.Instruction, y.Instruction);
            Assert.Equal(x.X, y.X);
            Assert.Equal(x.V, y.V);
            Assert.Equal(x.Nzcv, y.Nzcv);
        }
    }

    [Fact]
    public void Generate_DifferentSeeds_DifferentInstructions()
    {
        var a = new RandomCaseGenerator(EngineEncodingCatalog.Instance, 1);
        var b = new RandomCaseGenerator(EngineEncodingCatalog.Instance, 2);

        int same = Enumerable.Range(0, 100).Count(i => a.Generate(i).Instruction == b.Generate(i).Instruction);

        Assert.True(same < 10, $"{same} of 100 instructions equal");
    }

    [Fact]
    public void Generate_EveryCase_DecodesToItsTemplate()
    {
        var generator = new RandomCaseGenerator(EngineEncodingCatalog.Instance, 7);

        for (int i = 0; i < 2000; i++)
        {
            CaseInput c = generator.Generate(i);
            Assert.Same(c.Template, EngineEncodingCatalog.Instance.Decode(c.Instruction));
        }
    }

    [Fact]
    public void Generate_MemoryAccess_BaseInScratchAndRegistersDistinct()
    {
        var generator = new RandomCaseGenerator(EngineEncodingCatalog.Instance, 9);

        int checkedCases = 0;
        for (int i = 0; i < 3000; i++)
        {
            CaseInput c = generator.Generate(i);
            if (c.Template.Policy != GenerationPolicy.ConstrainedMemory)
            {
                continue;
            }

            uint rn = c.Template.Field("Rn")!.Value.Extract(c.Instruction);
            ulong baseAddress = rn == 31 ? c.Sp : c.X[rn];
            Assert.InRange(baseAddress, DiffLayout.Scratch + 1024, DiffLayout.Scratch + 3072);
            var registers = c.Template.Fields.Where(f => f.Name is "Rn" or "Rt" or "Rt2" or "Rs" or "Rm")
                .Select(f => f.Extract(c.Instruction)).ToArray();
            Assert.Equal(registers.Length, registers.Distinct().Count());
            checkedCases++;
        }

        Assert.True(checkedCases > 300);
    }

    [Fact]
    public void Catalog_NonTestableRows_NeverGenerated()
    {
        string[] forbidden = ["B", "BL", "BR", "BLR", "RET", "SVC", "HVC", "SMC", "BRK", "ERET", "MRS", "MSR_reg", "SYS", "HINT"];

        Assert.DoesNotContain(EngineEncodingCatalog.Instance.Templates, t => forbidden.Contains(t.Mnemonic));
        Assert.Contains(EngineEncodingCatalog.Instance.Templates, t => t.Mnemonic == "ADD_imm");
    }

    [Fact]
    public void Catalog_StoreExclusive_ShouldBeOneFieldFixed()
    {
        EncodingTemplate ldxr = EngineEncodingCatalog.Instance.Templates.Single(t => t.Mnemonic == "LDXR");

        Assert.Null(ldxr.Field("Rs"));
        Assert.Equal(0x1Fu << 16, ldxr.FixedBits & (0x1Fu << 16));
    }

    [Fact]
    public void FromPattern_AddImmediate_MaskAndFields()
    {
        var t = EncodingTemplate.FromPattern("ADD", "x", "sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5", GenerationPolicy.Free);

        Assert.Equal(0x7F80_0000u, t.FixedMask);
        Assert.Equal(0x1100_0000u, t.FixedBits);
        Assert.Equal(new TemplateField("imm12", 10, 12), t.Field("imm12"));
    }

    [Fact]
    public void Build_Image_CaseCodeIsInstructionThenBranchToSaveState()
    {
        byte[] runner = new byte[0x100];
        BitConverter.GetBytes(0x4000_0080UL).CopyTo(runner, DiffLayout.RunnerSaveStateOffset);
        var c = new RandomCaseGenerator(EngineEncodingCatalog.Instance, 3).Generate(0);

        var image = TestImage.Build(runner, [c], 1, enableMmu: true);

        int code = (int)(DiffLayout.Code - DiffLayout.RunnerBase);
        Assert.Equal(c.Instruction, BitConverter.ToUInt32(image.Bytes, code));
        uint branch = BitConverter.ToUInt32(image.Bytes, code + 4);
        Assert.Equal(0x14000000u, branch & 0xFC000000);
        long offset = ((long)(branch & 0x03FF_FFFF) << 38) >> 36;
        Assert.Equal(0x4000_0080L, (long)DiffLayout.Code + 4 + offset);
    }
}
