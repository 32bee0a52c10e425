using System.Diagnostics;
using Armvisor.Bench.Harness;
using Armvisor.Bench.Qemu;

namespace Armvisor.Bench.Benchmark;

/// <summary>
/// Runs the CPU-bound guest (guests/bench) on Armvisor and on qemu-system-aarch64. Each iteration executes the same
/// instructions, so instructions = a + b * iterations: Armvisor counts retired instructions at N and at 0 iterations
/// (b = per-iteration count); both emulators' rates are b * iterations / (time(N) - time(0)), which removes start-up
/// (QEMU's ~0.3 s process start, the engine's JIT warm-up of the .NET code) from the figure.
/// </summary>
public sealed class EngineBenchmark(string guestPath, int iterations, int qemuIterations, bool useMmu = true)
{
    private const int QemuRepetitions = 3;
    private static readonly TimeSpan QemuTimeout = TimeSpan.FromMinutes(5);

    public BenchmarkReport Run(bool withQemu, TextWriter progress)
    {
        byte[] elf = File.ReadAllBytes(guestPath);
        var harness = new BareMetalHarness();
        progress.WriteLine($"bench: Armvisor, 0 and {iterations} iterations");
        HarnessResult zero = RunArmvisor(harness, elf, 0);
        HarnessResult full = RunArmvisor(harness, elf, (ulong)iterations);
        ulong perIteration = (full.InstructionsRetired - zero.InstructionsRetired) / (ulong)Math.Max(iterations, 1);
        TimeSpan armvisorTime = full.Elapsed - zero.Elapsed;
        double armvisorRate = perIteration * (double)iterations / armvisorTime.TotalSeconds;
        string armvisorOutput = string.Join(" | ", full.Lines);
        if (!withQemu)
        {
            return new BenchmarkReport
            {
                Machine = MachineDescription(), InstructionsPerIteration = perIteration, ArmvisorIterations = iterations,
                ArmvisorTime = armvisorTime, ArmvisorRate = armvisorRate, Consistent = true, ArmvisorOutput = armvisorOutput,
            };
        }

        var qemu = new QemuRunner();
        string dir = Path.Combine(Path.GetTempPath(), $"armvisor-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            progress.WriteLine($"bench: QEMU, 0, {iterations} and {qemuIterations} iterations, best of {QemuRepetitions}");
            QemuResult sameN = qemu.Run(Write(dir, elf, (ulong)iterations), QemuTimeout);
            TimeSpan q0 = BestOf(qemu, Write(dir, elf, 0));
            TimeSpan qN = BestOf(qemu, Write(dir, elf, (ulong)qemuIterations));
            TimeSpan qemuTime = qN - q0;
            string qemuOutput = string.Join(" | ", sameN.Lines);
            return new BenchmarkReport
            {
                Machine = MachineDescription(), InstructionsPerIteration = perIteration, ArmvisorIterations = iterations,
                ArmvisorTime = armvisorTime, ArmvisorRate = armvisorRate, QemuIterations = qemuIterations, QemuTime = qemuTime,
                QemuRate = perIteration * (double)qemuIterations / qemuTime.TotalSeconds,
                Consistent = armvisorOutput == qemuOutput, ArmvisorOutput = armvisorOutput, QemuOutput = qemuOutput,
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private HarnessResult RunArmvisor(BareMetalHarness harness, byte[] elf, ulong n)
    {
        HarnessResult r = harness.Run(GuestImage.FromElf(BenchmarkGuest.WithParameters(elf, n, useMmu)),
            new HarnessOptions(InstructionBudget: ulong.MaxValue, WallClockLimit: TimeSpan.FromMinutes(30)));
        return r.Outcome == HarnessOutcome.PoweredOff
            ? r
            : throw new InvalidOperationException($"benchmark guest on Armvisor ended {r.Outcome}: {r.Diagnostic}");
    }

    private string Write(string dir, byte[] elf, ulong n)
    {
        string path = Path.Combine(dir, $"bench-{n}.elf");
        File.WriteAllBytes(path, BenchmarkGuest.WithParameters(elf, n, useMmu));
        return path;
    }

    private static TimeSpan BestOf(QemuRunner qemu, string path)
    {
        TimeSpan best = TimeSpan.MaxValue;
        for (int i = 0; i < QemuRepetitions; i++)
        {
            QemuResult r = qemu.Run(path, QemuTimeout);
            if (r.TimedOut || r.ExitCode != 0)
            {
                throw new InvalidOperationException($"benchmark guest on QEMU failed: {r.Errors}");
            }

            best = r.Elapsed < best ? r.Elapsed : best;
        }

        return best;
    }

    /// <summary>The host CPU model and core count (lscpu's "Model name"), for the record in BENCHMARKS.md.</summary>
    internal static string MachineDescription()
    {
        string model = "unknown CPU";
        try
        {
            using Process p = Process.Start(new ProcessStartInfo("lscpu") { RedirectStandardOutput = true, UseShellExecute = false })!;
            foreach (string line in p.StandardOutput.ReadToEnd().Split('\n'))
            {
                if (line.StartsWith("Model name:", StringComparison.Ordinal))
                {
                    model = line["Model name:".Length..].Trim();
                }
            }

            p.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // lscpu missing: keep "unknown CPU".
        }

        return $"{model}, {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
