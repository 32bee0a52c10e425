using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>
/// T32 (Thumb-2) semantics in AArch32 EL1 under the EL2 agent (issue 15): IT blocks, the PC-read value and literal
/// alignment, interworking, table and compare branches, ThumbExpandImm with its carry, dual and exclusive accesses with
/// T32's free Rt2 and offsets, exception entry from and to T32, and a 32-bit instruction straddling a page boundary.
/// The encodings are GNU as's for -mthumb -march=armv7ve.
/// </summary>
public class T32ExecutionTests
{
    private const uint NFlag = 1u << 31, ZFlag = 1u << 30, CFlag = 1u << 29;
    private const uint TBit = 1u << 5;
    private const uint CpsrSvcThumb = (uint)A32Machine.CpsrSvc | TBit;
    private const uint Hvc0 = 0xF7E0_8000; // hvc.w #0
    private static readonly SystemRegisterEncoding SpsrEl1 = new(3, 0, 4, 0, 0);
    private static readonly SystemRegisterEncoding SctlrEl1 = new(3, 0, 1, 0, 0);

    /// <summary>T32 instructions (a value above 0xFFFF is a 32-bit one, first halfword on top) packed into words.</summary>
    private static uint[] Pack(params uint[] instructions)
    {
        var halfwords = new List<uint>();
        foreach (uint i in instructions)
        {
            if (i > 0xFFFF)
            {
                halfwords.Add(i >> 16);
            }

            halfwords.Add(i & 0xFFFF);
        }

        if (halfwords.Count % 2 != 0)
        {
            halfwords.Add(0xBF00); // nop
        }

        return Enumerable.Range(0, halfwords.Count / 2).Select(k => halfwords[2 * k] | (halfwords[(2 * k) + 1] << 16)).ToArray();
    }

    private static EngineExit RunThumb(A32Machine m, uint cpsrFlags, params uint[] instructions)
    {
        m.Cpu.SetRegister(Arm64Register.Cpsr, CpsrSvcThumb | cpsrFlags);
        return m.Run(Pack(instructions));
    }

    private static void AssertCompleted(EngineExit exit)
    {
        Assert.Equal(ExceptionClass.Hvc32, exit.Syndrome.Class);
        Assert.Equal(0u, exit.Syndrome.Iss);
    }

    [Theory]
    [InlineData(1u, 1u, 5u)] // EQ: moveq runs, movne and addne are skipped
    [InlineData(2u, 2u, 7u)] // NE: movne and addne run
    public void ItBlock_ThenAndElse_ExecuteOnTheirConditions(uint r0, uint r1, uint r2)
    {
        using var m = new A32Machine();
        m.SetX(0, r0);
        m.SetX(2, 5);
        m.SetX(3, 2);
        // cmp r0, #1; ite eq; moveq r1, #1; movne r1, #2; it ne; addne r2, r2, r3; hvc #0
        AssertCompleted(RunThumb(m, 0, 0x2801, 0xBF0C, 0x2101, 0x2102, 0xBF18, 0x18D2, Hvc0));

        Assert.Equal(r1, m.X(1));
        Assert.Equal(r2, m.X(2));
        Assert.Equal(0u, m.Cpsr & 0x0600_FC00); // ITSTATE back to zero after the blocks
        Assert.True((m.Cpsr & TBit) != 0);
    }

    [Fact]
    public void AddsEncoding_InItBlock_DoesNotSetFlags()
    {
        using var m = new A32Machine();
        m.SetX(2, 0xFFFF_FFFF);
        m.SetX(3, 1);
        AssertCompleted(RunThumb(m, ZFlag, 0xBF08, 0x18D2, Hvc0)); // it eq; addeq r2, r2, r3 (ADDS outside IT)
        Assert.Equal(0u, m.X(2));
        Assert.Equal(ZFlag, m.Cpsr & 0xF000_0000);

        m.SetX(2, 0xFFFF_FFFF);
        AssertCompleted(RunThumb(m, 0, 0x18D2, Hvc0)); // adds r2, r2, r3
        Assert.Equal(ZFlag | CFlag, m.Cpsr & 0xF000_0000);
    }

    [Fact]
    public void LdrLiteral_AtHalfwordAlignedPc_UsesAlignPc4()
    {
        using var m = new A32Machine();
        // nop; ldr r0, [pc, #4] (at +2: Align(+6, 4) + 4 = +8); hvc #0; .word 0xCAFEF00D at +8
        AssertCompleted(RunThumb(m, 0, 0xBF00, 0x4801, Hvc0, 0xF00D, 0xCAFE));
        Assert.Equal(0xCAFE_F00Du, m.X(0));
    }

    [Fact]
    public void BlAndBlx_SetLrWithThumbBit_AndBxLrReturnsToThumb()
    {
        using var m = new A32Machine();
        uint b = (uint)TestMachine.CodeBase;
        // +0 nop; +2 bl +0xA; +6 hvc; +0xA mov r0, lr; +0xC blx (A32) +0x18; +0x10 hvc; nop; pad; +0x18: mov r1, lr; bx lr
        EngineExit exit = RunThumb(m, 0, 0xBF00, 0xF000F802, Hvc0, 0x4670, 0xF000E804, Hvc0, 0xBF00, 0x0000,
            0x100E, 0xE1A0, 0xFF1E, 0xE12F);

        AssertCompleted(exit);
        Assert.Equal(b + 6 + 1, m.X(0));
        Assert.Equal(b + 0x10 + 1, m.X(1));
        Assert.Equal(b + 0x14, m.Pc);
        Assert.True((m.Cpsr & TBit) != 0);
    }

    [Fact]
    public void PopPc_WithEvenAddress_InterworksToA32()
    {
        using var m = new A32Machine();
        m.Machine.Load([A32Machine.Hvc(0x42)], TestMachine.CodeBase + 0x100);
        m.SetX(19, TestMachine.DataBase + 0x1000); // SP_svc
        m.SetX(18, TestMachine.CodeBase + 0x100); // LR_svc, bit 0 clear: A32
        EngineExit exit = RunThumb(m, 0, 0xB510, 0xBD10); // push {r4, lr}; pop {r4, pc}

        Assert.Equal(0x42u, exit.Syndrome.Iss);
        Assert.Equal(0u, m.Cpsr & TBit);
    }

    [Fact]
    public void BxFromA32_WithBit0Set_EntersThumb()
    {
        using var m = new A32Machine();
        // add r0, pc, #1; bx r0; (T32 at +8) movs r1, #7; hvc #0
        AssertCompleted(m.Run(0xE28F0001, 0xE12FFF10, 0xF7E02107, 0x8000));
        Assert.Equal(7u, m.X(1));
        Assert.True((m.Cpsr & TBit) != 0);
    }

    [Theory]
    [InlineData(0u, 10u, 11u)]
    [InlineData(2u, 0u, 0u)]
    public void Tbb_BranchesToTwiceTheTableEntry(uint index, uint r1, uint r2)
    {
        using var m = new A32Machine();
        m.SetX(0, index);
        // tbb [pc, r0]; .byte 2,3,4,5; movs r1,#10; movs r2,#11; movs r3,#12; movs r4,#13; hvc #0
        AssertCompleted(RunThumb(m, 0, 0xE8DFF000, 0x0302, 0x0504, 0x210A, 0x220B, 0x230C, 0x240D, Hvc0));
        Assert.Equal(r1, m.X(1));
        Assert.Equal(r2, m.X(2));
        Assert.Equal(12u, m.X(3));
        Assert.Equal(13u, m.X(4));
    }

    [Fact]
    public void CbzCbnz_BranchOnZeroAndNonZero()
    {
        using var m = new A32Machine();
        m.SetX(1, 0x55);
        // cbz r0, +4; movs r1, #1; cbnz r0, +4; movs r2, #1; hvc #0
        AssertCompleted(RunThumb(m, 0, 0xB100, 0x2101, 0xB900, 0x2201, Hvc0));
        Assert.Equal(0x55u, m.X(1));
        Assert.Equal(1u, m.X(2));
    }

    [Fact]
    public void ModifiedImmediates_ExpandAndRotatedFormSetsCarry()
    {
        using var m = new A32Machine();
        m.SetX(1, 0x8000_0000);
        m.SetX(6, 0x0000_00F0);
        m.SetX(7, 0xFFFF_0000);
        // ands r0, r1, #0x80000000; mov.w r2, #0x00ab00ab; mov.w r3, #0xab00ab00; mov.w r4, #0xabababab; orn r5, r6, r7
        AssertCompleted(RunThumb(m, 0, 0xF0114000, 0xF04F12AB, 0xF04F23AB, 0xF04F34AB, 0xEA660507, Hvc0));
        Assert.Equal(0x8000_0000u, m.X(0));
        Assert.Equal(NFlag | CFlag, m.Cpsr & 0xF000_0000);
        Assert.Equal(0x00AB_00ABu, m.X(2));
        Assert.Equal(0xAB00_AB00u, m.X(3));
        Assert.Equal(0xABAB_ABABu, m.X(4));
        Assert.Equal(0x0000_FFFFu, m.X(5));
    }

    [Fact]
    public void SvcInItBlock_SavesTheAdvancedItStateAndNextPc()
    {
        using var m = new A32Machine();
        EngineExit exit = RunThumb(m, ZFlag, 0xBF04, 0xDF05, 0x2001, Hvc0); // itt eq; svceq #5; moveq r0, #1; hvc #0

        Assert.Equal(2, A32Machine.VectorSlot(exit));
        Assert.Equal((uint)TestMachine.CodeBase + 4, m.X(18)); // LR_svc: the next instruction
        uint spsr = (uint)m.Cpu.GetSystemRegister(SpsrEl1);
        Assert.True((spsr & TBit) != 0);
        Assert.Equal(0x08u << 8, spsr & 0x0600_FC00); // ITSTATE 0x04 advanced to 0x08: the moveq still to come
        Assert.Equal(0u, m.Cpsr & TBit); // SCTLR.TE = 0: the handler runs in A32
    }

    [Fact]
    public void SvcInItBlock_ConditionFails_IsSkipped()
    {
        using var m = new A32Machine();
        m.SetX(0, 9);
        AssertCompleted(RunThumb(m, 0, 0xBF04, 0xDF05, 0x2001, Hvc0));
        Assert.Equal(9u, m.X(0));
    }

    [Fact]
    public void UndefinedWide_LrIsInstructionPlus2_AndSpsrHasT()
    {
        using var m = new A32Machine();
        EngineExit exit = RunThumb(m, 0, 0xF7F0A001, Hvc0); // udf.w #1

        Assert.Equal(1, A32Machine.VectorSlot(exit));
        Assert.Equal((uint)TestMachine.CodeBase + 2, m.X(22)); // LR_und (G1.12: T32 offset 2)
    }

    [Fact]
    public void ExceptionEntry_WithSctlrTe_RunsTheVectorInThumb()
    {
        using var m = new A32Machine();
        m.Machine.Load(Pack(0xF7E08201), TestMachine.VectorBase + 4); // hvc #0x201 at the Undefined vector, in T32
        m.SetX(0, 0x00C5_0078 | (1u << 30));
        EngineExit exit = RunThumb(m, 0, 0xEE010F10, 0xF3BF8F6F, 0xDE01); // mcr p15, 0, r0, c1, c0, 0 (SCTLR.TE); isb; udf #1

        Assert.Equal(0x201u, exit.Syndrome.Iss);
        Assert.True((m.Cpsr & TBit) != 0);
    }

    [Fact]
    public void DualAndExclusive_UseFreeRt2AndOffsets()
    {
        using var m = new A32Machine();
        ulong data = TestMachine.DataBase + 0x100;
        m.Machine.Ram.Write(new GuestPhysicalAddress(data + 8), 0x1111_1111u);
        m.Machine.Ram.Write(new GuestPhysicalAddress(data + 12), 0x2222_2222u);
        m.Machine.Ram.Write(new GuestPhysicalAddress(data - 4), 0x3333_3333u);
        m.SetX(1, data);
        // ldrd r0, r5, [r1, #8]; strd r0, r5, [r1], #-8; ldrex r2, [r1, #4]; strex r3, r2, [r1, #4]
        AssertCompleted(RunThumb(m, 0, 0xE9D10502, 0xE8610502, 0xE8512F01, 0xE8412301, Hvc0));

        Assert.Equal(0x1111_1111u, m.X(0));
        Assert.Equal(0x2222_2222u, m.X(5));
        Assert.Equal(0x2222_2222u, m.Machine.Ram.Read<uint>(new GuestPhysicalAddress(data + 4)));
        Assert.Equal((uint)data - 8, m.X(1));
        Assert.Equal(0x3333_3333u, m.X(2));
        Assert.Equal(0u, m.X(3)); // the store-exclusive succeeded
    }

    [Fact]
    public void WideInstruction_StraddlingIntoAnUnmappedPage_TakesPrefetchAbortOnTheSecondHalfword()
    {
        using var m = new A32Machine();
        // Short descriptors: section 0x400 (0x40000000-0x400FFFFF, code and vectors) mapped flat, 0x401 not mapped.
        ulong l1 = TestMachine.RamBase + 0x14_0000;
        m.Machine.Ram.Write(new GuestPhysicalAddress(l1 + (0x400 * 4)), 0x4000_0C02u);
        m.Cpu.SetSystemRegister(new SystemRegisterEncoding(3, 0, 2, 0, 0), l1); // TTBR0
        m.Cpu.SetSystemRegister(new SystemRegisterEncoding(3, 0, 2, 0, 2), 0); // TTBCR
        m.Cpu.SetSystemRegister(new SystemRegisterEncoding(3, 4, 3, 0, 0), 0xFFFF_FFFF); // DACR: manager
        m.Cpu.SetSystemRegister(SctlrEl1, 0x00C5_0078 | 1);
        ulong pc = TestMachine.RamBase + 0xF_FFFE;
        m.Machine.Load(Pack(0xBF00, 0xF04F0001), pc - 2); // nop; mov.w r0, #1 at the last halfword of the section
        m.Cpu.SetRegister(Arm64Register.Cpsr, CpsrSvcThumb);
        m.Cpu.SetRegister(Arm64Register.Pc, pc);
        EngineExit exit = m.Cpu.Run();

        Assert.Equal(3, A32Machine.VectorSlot(exit));
        Assert.Equal((uint)pc + 4, m.X(20)); // LR_abt = the instruction + 4
        Assert.Equal(0x4010_0000u, (uint)(m.Cpu.GetSystemRegister(new SystemRegisterEncoding(3, 0, 6, 0, 0)) >> 32)); // IFAR
        Assert.Equal(0x5u, (uint)m.Cpu.GetSystemRegister(new SystemRegisterEncoding(3, 4, 5, 0, 1)) & 0x40F); // IFSR: section translation
    }
}
