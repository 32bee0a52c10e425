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
public sealed class FuzzTests(ITestOutputHelper output) : RandomWordFuzzer(output)
{
    private const int Seed = 0x5EED_A64;

    private static readonly SystemRegisterEncoding SctlrEl1 = new(3, 0, 1, 0, 0);
    private static readonly SystemRegisterEncoding VbarEl1 = new(3, 0, 12, 0, 0);
    private static readonly SystemRegisterEncoding CpacrEl1 = new(3, 0, 1, 0, 2);
    private static readonly SystemRegisterEncoding EsrEl1 = new(3, 0, 5, 2, 0);
    private static readonly SystemRegisterEncoding SpEl0 = new(3, 0, 4, 1, 0);
    private static readonly SystemRegisterEncoding SpEl1 = new(3, 4, 4, 1, 0);

    private ulong _sctlrReset;

    [Fact]
    public void RandomWords_AtEl0AndEl1_NeverThrowOnTheHost()
    {
        IReadOnlyDictionary<string, int> outcomes = RunRandomWords(Seed);

        Assert.True(outcomes.Count > 3, string.Join(", ", outcomes));
    }

    protected override void ResetVcpu(TestMachine m, IVcpuEngine cpu)
    {
        _sctlrReset = cpu.GetSystemRegister(SctlrEl1);
        ClearRam(m);
    }

    protected override void PrepareCase(TestMachine m, IVcpuEngine cpu, Random random, uint word, bool lowerPrivilege)
    {
        for (int v = 0; v < 16; v++)
        {
            m.Ram.Write(new GuestPhysicalAddress(TestMachine.VectorBase + ((ulong)v * 0x80)), Hvc((ushort)(0x100 + v)));
        }

        cpu.SetSystemRegister(SctlrEl1, _sctlrReset);
        cpu.SetSystemRegister(VbarEl1, TestMachine.VectorBase);
        cpu.SetSystemRegister(CpacrEl1, 3UL << 20);
        cpu.SetRegister(Arm64Register.Cpsr, lowerPrivilege ? 0x0UL : 0x3C5UL);
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

        cpu.SetSystemRegister(SpEl0, TestMachine.DataBase + 0x8000);
        cpu.SetSystemRegister(SpEl1, TestMachine.DataBase + 0xC000);
        m.Ram.Write(new GuestPhysicalAddress(Slot), word);
        m.Ram.Write(new GuestPhysicalAddress(Slot + 4), Hvc(0));
    }

    protected override string Classify(IVcpuEngine cpu, EngineExit exit)
    {
        int vector = TestMachine.VectorSlot(exit);
        return vector >= 0 ? $"EL1 vector {vector} ({(ExceptionClass)(cpu.GetSystemRegister(EsrEl1) >> 26)})" : ExitName(exit);
    }
}
