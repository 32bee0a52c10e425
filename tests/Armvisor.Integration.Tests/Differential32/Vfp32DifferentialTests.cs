using System.Diagnostics;
using System.Globalization;
using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Armvisor.Integration.Tests.Differential32;

/// <summary>
/// Random VFP and Advanced SIMD instructions on qemu-system-arm -M virt -cpu cortex-a15 and on Armvisor
/// (guests/difftest32 with its FP job flag): R0-R12, APSR, FPSCR, D0-D31, the exception taken and the scratch memory
/// after each instruction must agree. As <see cref="A32DifferentialTests"/>: a hash per block of 64 cases, the first
/// differing block rerun in detail. ARMVISOR_DIFF32_FP_CASES sets the count (default 60,000), ARMVISOR_DIFF32_T32_FP_CASES the T32 one (default 40,000),
/// ARMVISOR_DIFF32_SEED the seed.
/// </summary>
public sealed class Vfp32DifferentialTests(ITestOutputHelper output)
{
    private const int DefaultCases = 60_000;
    private const int DefaultThumbCases = 40_000;
    private const int DefaultSeed = 0x0F32_D1FF;
    private const int BlockCases = 64;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("ARMVISOR_DIFF32_SEED"), CultureInfo.InvariantCulture, out int s) ? s : DefaultSeed;

    [RequiresAArch32Fact]
    public void RandomVfpAndSimdInstructions_QemuCortexA15AndArmvisor_Agree() =>
        Compare(Count("ARMVISOR_DIFF32_FP_CASES", DefaultCases), thumb: false);

    /// <summary>The same instructions in their T32 encodings (0xEF/0xFF for A32's 0xF2/0xF3, 0xF9 for 0xF4, IT for a condition).</summary>
    [RequiresAArch32Fact]
    public void RandomThumbVfpAndSimdInstructions_QemuCortexA15AndArmvisor_Agree() =>
        Compare(Count("ARMVISOR_DIFF32_T32_FP_CASES", DefaultThumbCases), thumb: true);

    private static int Count(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out int n) ? n : fallback;

    private void Compare(int count, bool thumb)
    {
        var generator = new Vfp32CaseGenerator(Seed, thumb);
        var cases = new List<Vfp32Case>(count);
        for (int i = 0; i < count; i++)
        {
            cases.Add(generator.Next());
        }

        string directory = Directory.CreateTempSubdirectory("armvisor-diff32fp-").FullName;
        try
        {
            string job = Path.Combine(directory, "job.bin");
            File.WriteAllBytes(job, Vfp32DifferentialJob.Build(cases, thumb: thumb));
            var clock = Stopwatch.StartNew();
            string[] qemu = A32DifferentialTests.Lines(A32DifferentialTests.RunQemu(job, count));
            TimeSpan qemuTime = clock.Elapsed;
            clock.Restart();
            string[] armvisor = A32DifferentialTests.Lines(A32DifferentialTests.RunArmvisor(job, count));
            output.WriteLine($"{count} {(thumb ? "T32" : "A32")} cases (seed 0x{Seed:X}): QEMU {qemuTime.TotalSeconds:F1} s, Armvisor {clock.Elapsed.TotalSeconds:F1} s");
            foreach (IGrouping<string, Vfp32Case> row in cases.GroupBy(c => c.Mnemonic).OrderByDescending(g => g.Count()))
            {
                output.WriteLine($"{row.Count(),8} {row.Key}");
            }

            string end = $"GUESTKIT-END difftest32 cases={count}";
            Assert.True(qemu.Contains(end), $"QEMU did not finish: {string.Join('\n', qemu.TakeLast(5))}");
            if (!armvisor.Contains(end))
            {
                Assert.Fail($"Armvisor did not finish\n{ExplainBlock(directory, cases, armvisor.Count(l => l.StartsWith("B ", StringComparison.Ordinal)), thumb)}");
            }

            A32DifferentialTests.AssertSameIdentification(qemu, armvisor);
            var mismatches = new List<string>();
            for (int i = 0; i < Math.Min(qemu.Length, armvisor.Length) && mismatches.Count < 3; i++)
            {
                if (qemu[i] != armvisor[i])
                {
                    int block = int.Parse(qemu[i].Split(' ')[1], CultureInfo.InvariantCulture);
                    mismatches.Add(ExplainBlock(directory, cases, block, thumb));
                }
            }

            Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));
            Assert.Equal(qemu.Length, armvisor.Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string ExplainBlock(string directory, List<Vfp32Case> cases, int block, bool thumb)
    {
        int first = block * BlockCases;
        string job = Path.Combine(directory, "detail.bin");
        File.WriteAllBytes(job, Vfp32DifferentialJob.Build(cases, first, BlockCases, thumb));
        string[] qemu = A32DifferentialTests.Lines(A32DifferentialTests.RunQemu(job, cases.Count)).Where(l => l.StartsWith("C ", StringComparison.Ordinal)).ToArray();
        string[] armvisor = A32DifferentialTests.Lines(A32DifferentialTests.RunArmvisor(job, cases.Count)).Where(l => l.StartsWith("C ", StringComparison.Ordinal)).ToArray();
        var report = new List<string> { $"block {block} differs (seed 0x{Seed:X}):" };
        for (int i = 0; i < Math.Min(qemu.Length, armvisor.Length) && report.Count < 12; i++)
        {
            if (qemu[i] != armvisor[i])
            {
                Vfp32Case c = cases[first + i];
                report.Add($"case {first + i}: {(c.Prefix != 0 ? $"[0x{c.Prefix:X4}] " : "")}0x{c.Instruction:X8} {c.Mnemonic} fpscr={c.Fpscr:x} r0-r12 = {string.Join(',', c.Registers.Select(r => r.ToString("x", CultureInfo.InvariantCulture)))}");
                report.Add($"  in d0-d15 = {string.Join(',', c.Doubles.Select(d => d.ToString("x", CultureInfo.InvariantCulture)))}");
                report.Add($"  diff: {Difference(qemu[i], armvisor[i])}");
            }
        }

        if (armvisor.Length < qemu.Length)
        {
            Vfp32Case c = cases[first + armvisor.Length];
            report.Add($"Armvisor stopped at case {first + armvisor.Length}: 0x{c.Instruction:X8} {c.Mnemonic}");
        }

        return string.Join('\n', report);
    }

    /// <summary>The fields (name=value) that differ: QEMU's value, then Armvisor's.</summary>
    private static string Difference(string qemu, string armvisor)
    {
        string[] a = qemu.Split(' '), b = armvisor.Split(' ');
        var parts = new List<string>();
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                parts.Add($"{a[i]} (QEMU) / {b[i].Split('=').Last()} (Armvisor)");
            }
        }

        return string.Join("; ", parts);
    }
}
