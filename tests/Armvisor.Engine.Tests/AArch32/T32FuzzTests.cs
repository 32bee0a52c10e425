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
public sealed class T32FuzzTests(ITestOutputHelper output) : RandomWordFuzzer(output)
{
    private const int Seed = 0x5EED_732;
    private const uint HvcW0 = 0x8000_F7E0u; // hvc.w #0, first halfword low

    private static readonly SystemRegisterEncoding HcrEl2 = new(3, 4, 1, 1, 0);

    [Fact]
    public void RandomHalfwords_InUserAndSvcMode_NeverThrowOnTheHost()
    {
        IReadOnlyDictionary<string, int> outcomes = RunRandomWords(Seed);

        Assert.True(outcomes.Count > 5, string.Join(", ", outcomes));
    }

    protected override void ResetVcpu(TestMachine m, IVcpuEngine cpu)
    {
        cpu.SetSystemRegister(HcrEl2, (1UL << 13) | (1UL << 14)); // TWI, TWE: WFI/WFE exit instead of waiting
        // RAM filled with halfwords 0x8000 0xF7E0: in T32 "strh r0, [r0]; hvc.w #0" from either halfword, in A32
        // the UNDEFINED word 0xF7E08000: a branch lands on an exit instead of looping through zeros until the
        // watchdog stops it.
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(
            m.Ram.GetSpan(new GuestPhysicalAddress(TestMachine.RamBase), (int)TestMachine.RamSize)).Fill(0xF7E0_8000u);
        m.Partition.InvalidateCode(new AddressRange(new GuestPhysicalAddress(TestMachine.RamBase), TestMachine.RamSize));
    }

    protected override void PrepareCase(TestMachine m, IVcpuEngine cpu, Random random, uint word, bool lowerPrivilege)
    {
        // T = 1; one time in four a random IT state (IT[7:2] in CPSR[15:10], IT[1:0] in [26:25]) with NZCV.
        ulong it = random.Next(4) == 0 ? (ulong)random.Next(1, 256) : 0;
        ulong flags = (ulong)random.Next(16) << 28;
        ulong cpsr = (lowerPrivilege ? 0x10UL : A32Machine.CpsrSvc) | 0x20 | flags | ((it & 3) << 25) | ((it >> 2) << 10);
        A32Machine.PrepareRandomCase(m, cpu, random, cpsr, Slot);
        m.Ram.Write(new GuestPhysicalAddress(Slot), word);
        m.Ram.Write(new GuestPhysicalAddress(Slot + 4), HvcW0);
    }

    protected override string Classify(IVcpuEngine cpu, EngineExit exit)
    {
        int vector = A32Machine.VectorSlot(exit);
        return vector >= 0 ? $"AArch32 vector {vector}" : ExitName(exit);
    }

    protected override string Describe(uint word) => $"halfwords 0x{word:X8} (low halfword first)";
}
