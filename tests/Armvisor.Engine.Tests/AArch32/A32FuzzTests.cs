using Xunit.Abstractions;
using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>
/// One million random 32-bit words executed as A32 in User and SVC mode (AArch32 EL0/EL1 under the EL2 agent) without
/// a host exception (issue 15): each word runs alone, followed by HVC #0, with registers pointing into RAM; whatever it
/// does must end in an architectural outcome (an AArch32 exception through the HVC vectors, or an exit to EL2/EL3).
/// </summary>
public sealed class A32FuzzTests(ITestOutputHelper output) : RandomWordFuzzer(output)
{
    private const int Seed = 0x5EED_A32;

    private static readonly SystemRegisterEncoding HcrEl2 = new(3, 4, 1, 1, 0);

    [Fact]
    public void RandomWords_InUserAndSvcMode_NeverThrowOnTheHost()
    {
        IReadOnlyDictionary<string, int> outcomes = RunRandomWords(Seed);

        // Undefined, SVC, prefetch/data aborts, plain completion (HVC #0) and some exits must all have happened.
        Assert.True(outcomes.Count > 5, string.Join(", ", outcomes));
    }

    protected override void ResetVcpu(TestMachine m, IVcpuEngine cpu)
    {
        cpu.SetSystemRegister(HcrEl2, 0); // RW = 0: EL1 is AArch32
        ClearRam(m);
    }

    protected override void PrepareCase(TestMachine m, IVcpuEngine cpu, Random random, uint word, bool lowerPrivilege)
    {
        A32Machine.PrepareRandomCase(m, cpu, random, lowerPrivilege ? 0x10UL : A32Machine.CpsrSvc, Slot);
        m.Ram.Write(new GuestPhysicalAddress(Slot), word);
        m.Ram.Write(new GuestPhysicalAddress(Slot + 4), A32Machine.Hvc0);
    }

    protected override string Classify(IVcpuEngine cpu, EngineExit exit)
    {
        int vector = A32Machine.VectorSlot(exit);
        return vector >= 0 ? $"AArch32 vector {vector}" : ExitName(exit);
    }
}
