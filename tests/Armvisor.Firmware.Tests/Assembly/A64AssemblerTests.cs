using Armvisor.Firmware.Assembly;
using Armvisor.Firmware.MpStartup;

namespace Armvisor.Firmware.Tests.Assembly;

public class A64AssemblerTests
{
    [Theory]
    [InlineData(0xD503205Fu)]
    public void Wfe_Encoding_MatchesArmArm(uint expected)
    {
        Assert.Equal(BitConverter.GetBytes(expected), new A64Assembler().Wfe().ToArray());
    }

    [Fact]
    public void BranchIf_BackwardLabel_EncodesNegativeOffset()
    {
        var code = new A64Assembler().Label("top").Wfe().BranchIf(A64Condition.Ne, "top").ToArray();

        // b.ne -4: imm19 = -1 → 0x7FFFF << 5 | cond 1.
        Assert.Equal(0x54FF_FFE1u, BitConverter.ToUInt32(code, 4));
    }

    [Fact]
    public void ToArray_UndefinedLabel_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new A64Assembler().Branch("nowhere").ToArray());
    }

    [Fact]
    public void LdrWord_UnscaledOffset_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new A64Assembler().LdrWord(0, 1, 6));
    }

    /// <summary>The GNU disassembler (Debian gcc-aarch64-linux-gnu's binutils) must read the park code as intended.</summary>
    [Fact]
    public void ParkCode_DisassembledByObjdump_ShowsTheProtocolSteps()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllBytes(directory.File("park.bin"), ParkCode.Assemble(0x0001_0002));

        var (exitCode, output) = ExternalTool.Run("aarch64-linux-gnu-objdump", directory.Path, "-D", "-b", "binary", "-m", "aarch64", "park.bin");

        Assert.True(exitCode == 0, output);
        var text = System.Text.RegularExpressions.Regex.Replace(output, "[ \t]+", " ");
        foreach (var expected in new[]
                 {
                     "adr x1, 0xfffffffffffff800", "mov w2, #0x2", "movk w2, #0x1, lsl #16", "ldr w3, [x1]", "cmp w3, w2",
                     "b.ne 0x", "ldr x4, [x1, #8]", "cbz x4, 0x", "str xzr, [x1, #8]", "dsb sy", "mov x0, xzr",
                     "mov x3, xzr", "br x4", "wfe", "b 0xc",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(".inst", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MovDoubleword_Value_DisassemblesToMovzMovk()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllBytes(directory.File("mov.bin"), new A64Assembler().MovDoubleword(0, 0x8000_0000_0000_0003).Return().ToArray());

        var (_, output) = ExternalTool.Run("aarch64-linux-gnu-objdump", directory.Path, "-D", "-b", "binary", "-m", "aarch64", "mov.bin");

        var text = System.Text.RegularExpressions.Regex.Replace(output, "[ \t]+", " ");
        Assert.Contains("mov x0, #0x3", text, StringComparison.Ordinal);
        Assert.Contains("movk x0, #0x8000, lsl #48", text, StringComparison.Ordinal);
        Assert.Contains("ret", text, StringComparison.Ordinal);
    }
}
