using System.Diagnostics;
using System.Globalization;
using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Armvisor.Integration.Tests.Differential32;

/// <summary>
/// Random A32 and T32 instructions on qemu-system-arm -M virt -cpu cortex-a15 and on Armvisor (guests/difftest32):
/// R0-R12, APSR, the exception taken (UNDEFINED, prefetch/data abort with IFSR/DFSR and IFAR/DFAR, the SPSR with T and
/// ITSTATE) and the scratch memory after each instruction must agree. Both print a hash per block of 64 cases; the
/// first differing block is rerun with every case printed, and the test names the differing cases.
/// ARMVISOR_DIFF32_CASES sets the A32 count (default 200,000, about 15 s), ARMVISOR_DIFF32_T32_CASES the T32 count
/// (default 100,000; a quarter of them inside an IT block), ARMVISOR_DIFF32_SEED the seed.
/// </summary>
public sealed class A32DifferentialTests(ITestOutputHelper output)
{
    private const int DefaultCases = 200_000;
    private const int DefaultT32Cases = 100_000;
    private const int DefaultSeed = 0x0A32_D1FF;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("ARMVISOR_DIFF32_SEED"), CultureInfo.InvariantCulture, out int s) ? s : DefaultSeed;

    [RequiresAArch32Fact]
    public void RandomA32Instructions_QemuCortexA15AndArmvisor_Agree()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("ARMVISOR_DIFF32_CASES"), CultureInfo.InvariantCulture, out int n) ? n : DefaultCases;
        var generator = new A32CaseGenerator(Seed);
        var cases = new List<A32Case>(count);
        for (int i = 0; i < count; i++)
        {
            cases.Add(generator.Next());
        }

        Compare(cases, thumb: false);
    }

    [RequiresAArch32Fact]
    public void RandomT32Instructions_QemuCortexA15AndArmvisor_Agree()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("ARMVISOR_DIFF32_T32_CASES"), CultureInfo.InvariantCulture, out int n) ? n : DefaultT32Cases;
        var generator = new T32CaseGenerator(Seed);
        var cases = new List<A32Case>(count);
        for (int i = 0; i < count; i++)
        {
            cases.Add(generator.Next());
        }

        Compare(cases, thumb: true);
    }

    private void Compare(List<A32Case> cases, bool thumb)
    {
        int count = cases.Count;
        string directory = Directory.CreateTempSubdirectory("armvisor-diff32-").FullName;
        try
        {
            string job = Path.Combine(directory, "job.bin");
            File.WriteAllBytes(job, A32DifferentialJob.Build(cases, thumb: thumb));
            var clock = Stopwatch.StartNew();
            string[] qemu = Lines(RunQemu(job, count));
            TimeSpan qemuTime = clock.Elapsed;
            clock.Restart();
            string[] armvisor = Lines(RunArmvisor(job, count));
            output.WriteLine($"{count} {(thumb ? "T32" : "A32")} cases (seed 0x{Seed:X}): QEMU {qemuTime.TotalSeconds:F1} s, Armvisor {clock.Elapsed.TotalSeconds:F1} s");
            foreach (IGrouping<string, A32Case> row in cases.GroupBy(c => c.Mnemonic).OrderByDescending(g => g.Count()))
            {
                output.WriteLine($"{row.Count(),8} {row.Key}");
            }

            string end = $"GUESTKIT-END difftest32 cases={count}";
            Assert.True(qemu.Contains(end), $"QEMU did not finish: {string.Join('\n', qemu.TakeLast(5))}");
            if (!armvisor.Contains(end))
            {
                Assert.Fail($"Armvisor did not finish\n{ExplainBlock(directory, cases, armvisor.Count(l => l.StartsWith("B ", StringComparison.Ordinal)), thumb)}");
            }

            AssertSameIdentification(qemu, armvisor);
            for (int i = 0; i < Math.Min(qemu.Length, armvisor.Length); i++)
            {
                if (qemu[i] != armvisor[i])
                {
                    int block = int.Parse(qemu[i].Split(' ')[1], CultureInfo.InvariantCulture);
                    Assert.Fail(ExplainBlock(directory, cases, block, thumb));
                }
            }

            Assert.Equal(qemu.Length, armvisor.Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string ExplainBlock(string directory, List<A32Case> cases, int block, bool thumb)
    {
        int first = block * A32DifferentialJob.BlockCases;
        string job = Path.Combine(directory, "detail.bin");
        File.WriteAllBytes(job, A32DifferentialJob.Build(cases, first, A32DifferentialJob.BlockCases, thumb));
        string[] qemu = Lines(RunQemu(job, cases.Count)).Where(l => l.StartsWith("C ", StringComparison.Ordinal)).ToArray();
        string[] armvisor = Lines(RunArmvisor(job, cases.Count)).Where(l => l.StartsWith("C ", StringComparison.Ordinal)).ToArray();
        var report = new List<string> { $"block {block} differs (seed 0x{Seed:X}):" };
        for (int i = 0; i < Math.Min(qemu.Length, armvisor.Length) && report.Count < 12; i++)
        {
            if (qemu[i] != armvisor[i])
            {
                A32Case c = cases[first + i];
                report.Add($"case {first + i}: {Describe(c)} in r0-r12 = {string.Join(',', c.Registers.Select(r => r.ToString("x", CultureInfo.InvariantCulture)))} apsr={c.Apsr:x}");
                report.Add($"  QEMU     {qemu[i]}");
                report.Add($"  Armvisor {armvisor[i]}");
            }
        }

        if (armvisor.Length < qemu.Length)
        {
            A32Case c = cases[first + armvisor.Length];
            report.Add($"Armvisor stopped at case {first + armvisor.Length}: {Describe(c)} in r0-r12 = {string.Join(',', c.Registers.Select(r => r.ToString("x", CultureInfo.InvariantCulture)))}");
        }

        return string.Join('\n', report);
    }

    /// <summary>
    /// The runner's first line: FPEXC at reset and after it sets EN, FPSID, MVFR0, MVFR1 (VMRS at PL1) must read as on
    /// QEMU's cortex-a15.
    /// </summary>
    internal static void AssertSameIdentification(string[] qemu, string[] armvisor)
    {
        string? q = qemu.FirstOrDefault(l => l.StartsWith("I ", StringComparison.Ordinal));
        string? a = armvisor.FirstOrDefault(l => l.StartsWith("I ", StringComparison.Ordinal));
        Assert.True(q == a, $"FP identification differs:\n  QEMU     {q}\n  Armvisor {a}");
    }

    private static string Describe(A32Case c) =>
        (c.Prefix != 0 ? $"[0x{c.Prefix:X4}] " : "") + $"0x{c.Instruction:X8} {c.Mnemonic}";

    internal static string[] Lines(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    internal static string RunArmvisor(string job, int count)
    {
        string timeout = (60 + (count / 2000)).ToString(CultureInfo.InvariantCulture);
        CliResult r = ArmvisorCli.Run(TimeSpan.FromSeconds(120 + (count / 1000)), "run", "--kernel", GuestKitBuild.Guest("difftest32.elf"),
            "--loader", $"file={job},addr=0x{A32DifferentialJob.Base:X}", "--serial", "stdio", "--timeout", timeout);
        return r.StandardOutput;
    }

    internal static string RunQemu(string job, int count)
    {
        var start = new ProcessStartInfo(HostTools.Qemu32)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-M", "virt", "-cpu", "cortex-a15", "-m", "512M", "-nographic", "-nic", "none",
            "-kernel", GuestKitBuild.Guest("difftest32.elf"), "-device", $"loader,file={job},addr=0x{A32DifferentialJob.Base:X}"])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120 + (count / 1000))))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        return stdout.Result + stderr.Result;
    }
}
