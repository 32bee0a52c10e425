using System.Buffers.Binary;
using Armvisor.Bench.Harness;
using Armvisor.Memory;

namespace Armvisor.Differential.Tests;

/// <summary>The harness's own exit handling, on hand-assembled code (no cross compiler or QEMU needed).</summary>
public sealed class BareMetalHarnessTests
{
    private const uint BranchToSelf = 0x1400_0000;                  // b .
    private const uint MovX1Unmapped = 0xD2A2_0001;                 // mov x1, #0x10000000 (PCIe window, not RAM)
    private const uint LoadX0FromX1 = 0xF940_0020;                  // ldr x0, [x1]

    /// <summary>
    /// Guest: X3 = 0x40001000, VBAR_EL1 = 0x40000800, load from an unmapped address; its synchronous handler (VBAR +
    /// 0x200) stores ESR_EL1 and FAR_EL1 at X3 and calls PSCI SYSTEM_OFF.
    /// </summary>
    private static readonly (int Offset, uint Word)[] AbortProbe =
    [
        (0x000, 0xD2A8_0003), // mov x3, #0x40000000
        (0x004, 0x9140_0463), // add x3, x3, #0x1, lsl #12
        (0x008, 0x1000_3FC4), // adr x4, 0x800
        (0x00C, 0xD518_C004), // msr vbar_el1, x4
        (0x010, MovX1Unmapped),
        (0x014, LoadX0FromX1),
        (0x018, BranchToSelf),
        (0xA00, 0xD538_5202), // mrs x2, esr_el1
        (0xA04, 0xF900_0062), // str x2, [x3]
        (0xA08, 0xD538_6002), // mrs x2, far_el1
        (0xA0C, 0xF900_0462), // str x2, [x3, #8]
        (0xA10, 0xD280_0100), // mov x0, #0x8
        (0xA14, 0xF2B0_8000), // movk x0, #0x8400, lsl #16
        (0xA18, 0xD400_0002), // hvc #0
    ];

    [Fact]
    public void Run_InfiniteLoop_TimedOutAtInstructionBudget()
    {
        HarnessResult r = new BareMetalHarness().Run(Image((0, BranchToSelf)), new HarnessOptions(InstructionBudget: 100_000));

        Assert.Equal(HarnessOutcome.TimedOut, r.Outcome);
        Assert.True(r.InstructionsRetired >= 100_000);
    }

    [Fact]
    public void Run_UnmappedLoad_StoppedWithIpaInDiagnostic()
    {
        HarnessResult r = new BareMetalHarness().Run(Image((0, MovX1Unmapped), (4, LoadX0FromX1), (8, BranchToSelf)),
            new HarnessOptions(InstructionBudget: 100_000));

        Assert.Equal(HarnessOutcome.Stopped, r.Outcome);
        Assert.Contains("0x10000000", r.Diagnostic, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnmappedLoadWithInjection_GuestTakesSynchronousExternalAbort()
    {
        ulong esr = 0, far = 0;
        HarnessResult r = new BareMetalHarness().Run(Image(AbortProbe), new HarnessOptions(InstructionBudget: 100_000, InjectExternalAbortOnUnmapped: true),
            ram =>
            {
                esr = ram.Read<ulong>(new GuestPhysicalAddress(0x4000_1000));
                far = ram.Read<ulong>(new GuestPhysicalAddress(0x4000_1008));
            });

        Assert.Equal(HarnessOutcome.PoweredOff, r.Outcome);
        Assert.Equal(0x9600_0010UL, esr); // EC 0x25 (same EL), IL, DFSC 0x10 synchronous external abort
        Assert.Equal(0x1000_0000UL, far);
    }

    private static GuestImage Image(params (int Offset, uint Word)[] words)
    {
        var bytes = new byte[0x1000];
        foreach ((int offset, uint word) in words)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), word);
        }

        return GuestImage.FromRaw(bytes, BareMetalHarness.RamBase);
    }
}
