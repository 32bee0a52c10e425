using Xunit.Abstractions;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.Support;

/// <summary>
/// The loop of the random-instruction tests (issues 2 and 15): a million random words, each run alone from
/// <see cref="Slot"/> and followed by an exit, with a fresh vCPU and cleared RAM every <see cref="WordsPerVcpu"/> words
/// (random system-register writes and stores accumulate otherwise). Whatever a word does must end in an architectural
/// outcome: a host exception from <c>Run</c> fails the test with the word and the seed; a watchdog ends runs that loop
/// or sleep. The instruction set's specifics (registers, terminator, how an exit is named) are the subclass's.
/// </summary>
public abstract class RandomWordFuzzer(ITestOutputHelper output)
{
    protected const int Words = 1_000_000;
    protected const int WordsPerVcpu = 2_000;
    protected const ulong Slot = TestMachine.CodeBase + 0x4_0000;

    /// <summary>Sets up a vCPU just created (and the machine's RAM) for a batch of words.</summary>
    protected abstract void ResetVcpu(TestMachine m, IVcpuEngine cpu);

    /// <summary>Writes <paramref name="word"/> and its terminator at <see cref="Slot"/> and sets random registers;
    /// odd cases run at the lower privilege (EL0 or User mode).</summary>
    protected abstract void PrepareCase(TestMachine m, IVcpuEngine cpu, Random random, uint word, bool lowerPrivilege);

    /// <summary>The name of the outcome the histogram counts (a vector, an exit to EL2/EL3...).</summary>
    protected abstract string Classify(IVcpuEngine cpu, EngineExit exit);

    /// <summary>How a failing case is named in the failure message.</summary>
    protected virtual string Describe(uint word) => $"word 0x{word:X8}";

    /// <summary>Runs the million words from <paramref name="seed"/> and returns how often each outcome happened.</summary>
    protected IReadOnlyDictionary<string, int> RunRandomWords(int seed)
    {
        var random = new Random(seed);
        using var m = new TestMachine();
        using var watchdog = new RunWatchdog();
        IVcpuEngine cpu = m.Cpu;
        int vcpuIndex = 0;
        var outcomes = new Dictionary<string, int>();
        for (int i = 0; i < Words; i++)
        {
            if (i % WordsPerVcpu == 0)
            {
                if (i != 0)
                {
                    cpu.Dispose();
                    cpu = m.Partition.CreateVcpu(++vcpuIndex, (ulong)vcpuIndex);
                }

                ResetVcpu(m, cpu);
            }

            uint word = (uint)random.NextInt64(0, 1L << 32);
            PrepareCase(m, cpu, random, word, lowerPrivilege: (i & 1) != 0);
            m.Partition.InvalidateCode(new AddressRange(new GuestPhysicalAddress(Slot), 8));
            EngineExit exit;
            try
            {
                watchdog.Arm(cpu);
                exit = cpu.Run();
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"case #{i} {Describe(word)} (seed 0x{seed:X}) threw {e}");
            }
            finally
            {
                watchdog.Disarm();
            }

            string key = Classify(cpu, exit);
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        cpu.Dispose();
        foreach ((string outcome, int count) in outcomes.OrderByDescending(o => o.Value))
        {
            output.WriteLine($"{count,9} {outcome}");
        }

        return outcomes;
    }

    /// <summary>Clears all of RAM and the code caches over it.</summary>
    protected static void ClearRam(TestMachine m)
    {
        m.Ram.GetSpan(new GuestPhysicalAddress(TestMachine.RamBase), (int)TestMachine.RamSize).Clear();
        m.Partition.InvalidateCode(new AddressRange(new GuestPhysicalAddress(TestMachine.RamBase), TestMachine.RamSize));
    }

    /// <summary>The name of an exit that is not one of the test's own vectors.</summary>
    protected static string ExitName(EngineExit exit) =>
        exit.Reason == EngineExitReason.Exception ? $"EL{exit.TargetExceptionLevel} {exit.Syndrome.Class}" : exit.Reason.ToString();
}
