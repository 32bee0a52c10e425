using System.Text.RegularExpressions;

namespace Armvisor.Bench.Benchmark;

/// <summary>
/// One program of the engine benchmark suite (scripts/bench-engine.sh): a guest ELF under guests/build with its
/// parameter block (<see cref="BenchmarkGuest"/>) set to <see cref="Iterations"/> and <see cref="UseMmu"/>.
/// </summary>
/// <param name="Name">Short name printed in the table.</param>
/// <param name="Elf">File name under guests/build.</param>
/// <param name="Iterations">Benchmark-size work (about 0.3-1.5 s on QEMU TCG on the reference host).</param>
/// <param name="TestIterations">Small work for the CI correctness check (same code paths, well under a second).</param>
/// <param name="UseMmu">Identity map with caches on; false leaves the MMU and caches off (Device-nGnRnE data).</param>
/// <param name="Covers">What the program exercises.</param>
/// <param name="FetchedSource">For programs built from fetched public source: its directory under
/// ~/.cache/armvisor/bench-src (guests/suite/guest.mk builds them only when it is there), else null.</param>
public sealed partial record SuiteProgram(
    string Name, string Elf, ulong Iterations, ulong TestIterations, bool UseMmu, string Covers, string? FetchedSource = null)
{
    /// <summary>Where fetched benchmark source lives (guests/suite/guest.mk's BENCH_SRC).</summary>
    public static string SourceCache { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "armvisor", "bench-src");

    /// <summary>False when the program needs fetched source that is not in <see cref="SourceCache"/>.</summary>
    public bool SourceAvailable => FetchedSource is null || Directory.Exists(Path.Combine(SourceCache, FetchedSource));

    /// <summary>One line saying how to get the missing source, or null.</summary>
    public string? SourceHint => SourceAvailable ? null : FetchedSource switch
    {
        "coremark" => CoreMarkHint,
        _ => DhrystoneHint,
    };

    private const string CoreMarkHint =
        "CoreMark source not in ~/.cache/armvisor/bench-src/coremark: git clone https://github.com/eembc/coremark ~/.cache/armvisor/bench-src/coremark";

    private const string DhrystoneHint =
        "Dhrystone source not in ~/.cache/armvisor/bench-src/dhrystone: git clone https://github.com/sifive/benchmark-dhrystone ~/.cache/armvisor/bench-src/dhrystone";

    /// <summary>Every program of the suite, in table order.</summary>
    public static IReadOnlyList<SuiteProgram> All { get; } =
    [
        new("bench", "bench.elf", 2000, 2, true, "CRC-32 (table), quicksort, SHA-256"),
        new("bench-nommu", "bench.elf", 2000, 2, false, "the same with the MMU and caches off"),
        new("coremark", "suite-coremark.elf", 3000, 10, true, "CoreMark 1.0 (list, matrix, state machine, CRC)", "coremark"),
        new("coremark-nommu", "suite-coremark.elf", 3000, 10, false, "CoreMark with the MMU and caches off", "coremark"),
        new("dhrystone", "suite-dhrystone.elf", 2_000_000, 1000, true, "Dhrystone 2.1 (calls, strings, records)", "dhrystone"),
        new("fp", "suite-fp.elf", 60, 1, true, "Linpack-style LU solve, Whetstone-style modules (double, float, sqrt, div, conversions)"),
        new("fp-nommu", "suite-fp.elf", 60, 1, false, "fp with the MMU and caches off"),
        new("div", "suite-div.elf", 300, 2, true, "SDIV/UDIV 32/64-bit, % and /, GCD, radix conversion, corner cases"),
        new("mixed-nommu", "suite-mixed.elf", 400, 2, false,
            "MMU off: integer loops, table-free CRC, SHA-256, quick+insertion sort, double div/sqrt/conversions, 64-bit div"),
        new("mixed", "suite-mixed.elf", 400, 2, true, "mixed with the MMU and caches on"),
    ];

    /// <summary>
    /// The lines both emulators must print identically: everything except what depends on host time (CoreMark's
    /// ticks, seconds and its "at least 10 secs" verdict, Dhrystone's per-second figures).
    /// </summary>
    public static IReadOnlyList<string> ComparableLines(IEnumerable<string> lines) =>
        lines.Where(l => !TimeDependent().IsMatch(l)).ToArray();

    [GeneratedRegex(@"Total ticks|Total time|Iterations/Sec|CoreMark 1\.0 :|Must execute for at least|^Errors detected$|Correct operation validated|Microseconds for one run|Dhrystones per Second|Measured time too small|increase number of runs")]
    private static partial Regex TimeDependent();
}
