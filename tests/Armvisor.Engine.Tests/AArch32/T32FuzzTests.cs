using Xunit.Abstractions;
using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>
/// One million random T32 halfword streams in User and SVC mode (AArch32 EL0/EL1 under the EL2 agent) without a host
/// exception (issue 15): two random halfwords (a 32-bit instruction, or two 16-bit ones) followed by HVC #0, from a
/// random ITSTATE one time in four, with registers pointing into RAM; whatever they do must end in an architectural
/// outcome (an AArch32 exception through the A32 HVC vectors, or an exit to EL2/EL3).
/// </summary>
public sealed class T32FuzzTests(ITestOutputHelper output)
{
    private const int Words = 1_000_000;
    private const int WordsPerVcpu = 2_000;
    private const int Seed = 0x5EED_732;
    private const ulong Slot = TestMachine.CodeBase + 0x4_0000;

    private static readonly SystemRegisterEncoding HcrEl2 = new(3, 4, 1, 1, 0);
    private static readonly SystemRegisterEncoding SctlrEl1 = new(3, 0, 1, 0, 0);
    private static readonly SystemRegisterEncoding VbarEl1 = new(3, 0, 12, 0, 0);

    [Fact]
    public void RandomHalfwords_InUserAndSvcMode_NeverThrowOnTheHost()
    {
        var random = new Random(Seed);
        using var m = new TestMachine();
        using var watchdog = new FuzzTests.Watchdog();
        IVcpuEngine cpu = m.Cpu;
        int vcpuIndex = 0;
        var outcomes = new Dictionary<string, int>();
        for (int i = 0; i < Words; i++)
        {
            if (i % WordsPerVcpu == 0)
            {
                // A fresh vCPU and fresh RAM contents every few thousand words: random MCRs and stores accumulate.
                cpu.Dispose();
                cpu = m.Partition.CreateVcpu(++vcpuIndex, (ulong)vcpuIndex);
                cpu.SetSystemRegister(HcrEl2, (1UL << 13) | (1UL << 14)); // TWI, TWE: WFI/WFE exit instead of waiting
                // RAM filled with halfwords 0x8000 0xF7E0: in T32 "strh r0, [r0]; hvc.w #0" from either halfword, in A32
                // the UNDEFINED word 0xF7E08000: a branch lands on an exit instead of looping through zeros until the
                // watchdog stops it.
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(
                    m.Ram.GetSpan(new GuestPhysicalAddress(TestMachine.RamBase), (int)TestMachine.RamSize)).Fill(0xF7E0_8000u);
                m.Partition.InvalidateCode(new AddressRange(new GuestPhysicalAddress(TestMachine.RamBase), TestMachine.RamSize));
            }

            uint word = (uint)random.NextInt64(0, 1L << 32);
            Prepare(m, cpu, random, user: (i & 1) != 0);
            m.Ram.Write(new GuestPhysicalAddress(Slot), word);
            m.Ram.Write(new GuestPhysicalAddress(Slot + 4), 0x8000_F7E0u); // hvc.w #0
            EngineExit exit;
            try
            {
                watchdog.Arm(cpu);
                exit = cpu.Run();
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"halfwords #{i} 0x{word:X8} (low halfword first) (seed 0x{Seed:X}) threw {e}");
            }
            finally
            {
                watchdog.Disarm();
            }

            int vector = A32Machine.VectorSlot(exit);
            string key = vector >= 0 ? $"AArch32 vector {vector}"
                : exit.Reason == EngineExitReason.Exception ? $"EL{exit.TargetExceptionLevel} {exit.Syndrome.Class}"
                : exit.Reason.ToString();
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        cpu.Dispose();
        foreach ((string outcome, int count) in outcomes.OrderByDescending(o => o.Value))
        {
            output.WriteLine($"{count,9} {outcome}");
        }

        // Undefined, SVC, prefetch/data aborts, plain completion (HVC #0) and some exits must all have happened.
        Assert.True(outcomes.Count > 5, string.Join(", ", outcomes));
    }

    private static void Prepare(TestMachine m, IVcpuEngine cpu, Random random, bool user)
    {
        for (uint v = 0; v < 8; v++)
        {
            m.Ram.Write(new GuestPhysicalAddress(TestMachine.VectorBase + (v * 4)), A32Machine.Hvc(0x100 + v));
        }

        // T = 1; one time in four a random IT state (IT[7:2] in CPSR[15:10], IT[1:0] in [26:25]) with NZCV.
        ulong it = random.Next(4) == 0 ? (ulong)random.Next(1, 256) : 0;
        ulong flags = (ulong)random.Next(16) << 28;
        cpu.SetRegister(Arm64Register.Cpsr, (user ? 0x10UL : A32Machine.CpsrSvc) | 0x20 | flags | ((it & 3) << 25) | ((it >> 2) << 10));
        cpu.SetSystemRegister(SctlrEl1, 0x00C5_0078);
        cpu.SetSystemRegister(VbarEl1, TestMachine.VectorBase);
        cpu.SetRegister(Arm64Register.Pc, Slot);
        for (int r = 0; r < 31; r++)
        {
            ulong value = (r % 4) switch
            {
                0 => TestMachine.DataBase + ((ulong)random.Next(0, 0x1_0000) & ~7UL),
                1 => TestMachine.DataBase + (ulong)random.Next(0, 0x1_0000),
                2 => (uint)random.NextInt64(0, 1L << 32),
                _ => (ulong)random.Next(0, 64),
            };
            cpu.SetRegister(Arm64Register.X0 + r, value);
        }

        foreach (int sp in (int[])[13, 17, 19, 21, 23, 29])
        {
            cpu.SetRegister(Arm64Register.X0 + sp, TestMachine.DataBase + 0x8000 + ((ulong)sp * 0x100));
        }
    }
}
