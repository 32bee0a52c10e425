using Xunit.Abstractions;
using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>
/// One million random 32-bit words executed at EL0 and EL1 without a host exception (issue 2): each word runs alone,
/// followed by HVC, with registers pointing into RAM; whatever it does (UNDEFINED, aborts, branches, MSR, WFI...) must
/// end in an architectural outcome. A watchdog cancels runs that loop or sleep.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Words = 1_000_000;
    private const int WordsPerVcpu = 2_000;
    private const int Seed = 0x5EED_A64;
    private const ulong Slot = TestMachine.CodeBase + 0x4_0000;

    private static readonly SystemRegisterEncoding SctlrEl1 = new(3, 0, 1, 0, 0);
    private static readonly SystemRegisterEncoding VbarEl1 = new(3, 0, 12, 0, 0);
    private static readonly SystemRegisterEncoding CpacrEl1 = new(3, 0, 1, 0, 2);
    private static readonly SystemRegisterEncoding EsrEl1 = new(3, 0, 5, 2, 0);

    [Fact]
    public void RandomWords_AtEl0AndEl1_NeverThrowOnTheHost()
    {
        var random = new Random(Seed);
        using var m = new TestMachine();
        using var watchdog = new Watchdog();
        ulong sctlrReset = m.Cpu.GetSystemRegister(SctlrEl1);
        IVcpuEngine cpu = m.Cpu;
        int vcpuIndex = 0;
        var outcomes = new Dictionary<string, int>();
        for (int i = 0; i < Words; i++)
        {
            if (i % WordsPerVcpu == 0 && i != 0)
            {
                // A fresh vCPU and fresh RAM contents every few thousand words: random MSRs and stores accumulate.
                cpu.Dispose();
                cpu = m.Partition.CreateVcpu(++vcpuIndex, (ulong)vcpuIndex);
                m.Ram.GetSpan(new GuestPhysicalAddress(TestMachine.RamBase), (int)TestMachine.RamSize).Clear();
                m.Partition.InvalidateCode(new AddressRange(new GuestPhysicalAddress(TestMachine.RamBase), TestMachine.RamSize));
            }

            uint word = (uint)random.NextInt64(0, 1L << 32);
            PrepareVcpu(m, cpu, random, sctlrReset, el0: (i & 1) != 0);
            m.Ram.Write(new GuestPhysicalAddress(Slot), word);
            m.Ram.Write(new GuestPhysicalAddress(Slot + 4), Hvc(0));
            m.Partition.InvalidateCode(new AddressRange(new GuestPhysicalAddress(Slot), 8));
            EngineExit exit;
            try
            {
                watchdog.Arm(cpu);
                exit = cpu.Run();
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"word #{i} 0x{word:X8} (seed 0x{Seed:X}) threw {e}");
            }
            finally
            {
                watchdog.Disarm();
            }

            int vector = TestMachine.VectorSlot(exit);
            string key = vector >= 0 ? $"EL1 vector {vector} ({(ExceptionClass)(cpu.GetSystemRegister(EsrEl1) >> 26)})"
                : exit.Reason == EngineExitReason.Exception ? $"EL{exit.TargetExceptionLevel} {exit.Syndrome.Class}"
                : exit.Reason.ToString();
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        cpu.Dispose();
        foreach ((string outcome, int count) in outcomes.OrderByDescending(o => o.Value))
        {
            output.WriteLine($"{count,9} {outcome}");
        }

        Assert.True(outcomes.Count > 3, string.Join(", ", outcomes));
    }

    private static void PrepareVcpu(TestMachine m, IVcpuEngine cpu, Random random, ulong sctlrReset, bool el0)
    {
        for (int v = 0; v < 16; v++)
        {
            m.Ram.Write(new GuestPhysicalAddress(TestMachine.VectorBase + ((ulong)v * 0x80)), Hvc((ushort)(0x100 + v)));
        }

        cpu.SetSystemRegister(SctlrEl1, sctlrReset);
        cpu.SetSystemRegister(VbarEl1, TestMachine.VectorBase);
        cpu.SetSystemRegister(CpacrEl1, 3UL << 20);
        cpu.SetRegister(Arm64Register.Cpsr, el0 ? 0x0UL : 0x3C5UL);
        cpu.SetRegister(Arm64Register.Pc, Slot);
        for (int r = 0; r < 31; r++)
        {
            ulong value = (r % 4) switch
            {
                0 => TestMachine.DataBase + ((ulong)random.Next(0, 0x1_0000) & ~7UL),
                1 => TestMachine.DataBase + (ulong)random.Next(0, 0x1_0000),
                2 => (ulong)random.NextInt64(),
                _ => (ulong)random.Next(0, 64),
            };
            cpu.SetRegister(Arm64Register.X0 + r, value);
        }

        cpu.SetSystemRegister(new SystemRegisterEncoding(3, 0, 4, 1, 0), TestMachine.DataBase + 0x8000); // SP_EL0
        cpu.SetSystemRegister(new SystemRegisterEncoding(3, 4, 4, 1, 0), TestMachine.DataBase + 0xC000); // SP_EL1
    }

    /// <summary>Cancels a run that has not returned within a short time (a branch to itself, a WFI nobody wakes...).</summary>
    internal sealed class Watchdog : IDisposable
    {
        private readonly Thread _thread;
        private readonly object _gate = new();
        private IVcpuEngine? _armed;
        private long _generation;
        private bool _stopped;

        public Watchdog()
        {
            _thread = new Thread(Loop) { IsBackground = true, Name = "fuzz watchdog" };
            _thread.Start();
        }

        public void Arm(IVcpuEngine cpu)
        {
            lock (_gate)
            {
                _armed = cpu;
                _generation++;
            }
        }

        public void Disarm()
        {
            lock (_gate)
            {
                _armed = null;
            }
        }

        private void Loop()
        {
            long seen = -1;
            while (true)
            {
                Thread.Sleep(100);
                lock (_gate)
                {
                    if (_stopped)
                    {
                        return;
                    }

                    if (_armed != null && _generation == seen)
                    {
                        _armed.RequestExit();
                    }

                    seen = _generation;
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _stopped = true;
            }

            _thread.Join();
        }
    }
}
