using System.Globalization;
using System.Runtime.CompilerServices;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>
/// Every distinct FP/AdvSIMD encoding of Debian 12's static busybox and of the 6.1 kernel's NEON modules
/// (Reference/busybox-simd.txt, linux-neon-modules.txt, extracted with objdump) executes on the engine: none is
/// UNDEFINED. Values are checked by the QEMU reference tests; this checks coverage of real guest code.
/// </summary>
public sealed class GuestCodeCoverageTests
{
    private static string File(string name, [CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Reference", name);

    [Theory]
    [InlineData("busybox-simd.txt", 1000)]
    [InlineData("linux-neon-modules.txt", 1500)]
    public void GuestSimdEncodings_Executed_NoneIsUndefined(string file, int minimumCount)
    {
        var words = System.IO.File.ReadLines(File(file))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => (Word: uint.Parse(l.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture), Text: l[9..]))
            .ToList();
        Assert.True(words.Count > minimumCount);
        using var m = new TestMachine();
        var undefined = new List<string>();
        const ulong Buffer = TestMachine.DataBase + 0x8000;
        for (int i = 0; i < words.Count; i++)
        {
            ulong address = TestMachine.CodeBase + 0x1000 + ((ulong)i * 16);
            m.Load([AddImm(Sp, 9, 0), words[i].Word, Hvc(0)], address);
            for (int r = 0; r < 31; r++)
            {
                m.SetX(r, Buffer);
            }

            m.Cpu.SetRegister(Arm64Register.Pc, address);
            EngineExit exit = m.Cpu.Run();
            if (TestMachine.VectorSlot(exit) == 4 && (m.EsrEl1 >> 26) == 0)
            {
                undefined.Add(words[i].Text);
            }
        }

        Assert.True(undefined.Count == 0, "UNDEFINED: " + string.Join("; ", undefined.Take(20)));
    }
}
