using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>
/// AArch32 EL1 with TTBCR.EAE = 1 (DDI0487 G5.4): accesses through long-descriptor tables, the long-format DFSR/IFSR
/// (LPAE bit 9, STATUS, G5.9) and ATS1C* with the 64-bit PAR (G8.2.113). RAM is mapped flat by level-3 pages.
/// </summary>
public class LongDescriptorExecutionTests
{
    private static readonly SystemRegisterEncoding SctlrEl1 = new(3, 0, 1, 0, 0);
    private static readonly SystemRegisterEncoding Ttbr0El1 = new(3, 0, 2, 0, 0);
    private static readonly SystemRegisterEncoding TcrEl1 = new(3, 0, 2, 0, 2);
    private static readonly SystemRegisterEncoding MairEl1 = new(3, 0, 10, 2, 0);
    private static readonly SystemRegisterEncoding Dacr32El2 = new(3, 4, 3, 0, 0);
    private static readonly SystemRegisterEncoding EsrEl1 = new(3, 0, 5, 2, 0);
    private static readonly SystemRegisterEncoding FarEl1 = new(3, 0, 6, 0, 0);
    private static readonly SystemRegisterEncoding Ifsr32El2 = new(3, 4, 5, 0, 1);

    private const ulong L1 = TestMachine.RamBase + 0x18_0000;
    private const ulong L2 = L1 + 0x1000;
    private const ulong L3 = L1 + 0x2000;
    private const ulong PageAf = (1UL << 10) | 0b11;
    private const uint LpaeBit = 1u << 9;

    private const uint LdrR0R1 = 0xE591_0000;    // ldr r0, [r1]
    private const uint StrR0R1 = 0xE581_0000;    // str r0, [r1]
    private const uint BxR1 = 0xE12F_FF11;       // bx r1
    private const uint Ats1cprR1 = 0xEE07_1F18;  // mcr p15, 0, r1, c7, c8, 0
    private const uint Ats1cpwR1 = 0xEE07_1F38;  // mcr p15, 0, r1, c7, c8, 1
    private const uint MrrcParR2R3 = 0xEC53_2F07; // mrrc p15, 0, r2, r3, c7

    /// <summary>VA = PA over the 2 MiB of RAM: L1[1] to L2, L2[0] to L3, 512 pages PL1 read-write, Attr0; DACR no access.</summary>
    private static A32Machine Mapped()
    {
        var m = new A32Machine();
        GuestRam ram = m.Machine.Ram;
        ram.Write(new GuestPhysicalAddress(L1 + 8), L2 | 0b11);
        ram.Write(new GuestPhysicalAddress(L2), L3 | 0b11);
        for (ulong i = 0; i < 512; i++)
        {
            ram.Write(new GuestPhysicalAddress(L3 + (i * 8)), (TestMachine.RamBase + (i << 12)) | PageAf);
        }

        m.Cpu.SetSystemRegister(Ttbr0El1, L1);
        m.Cpu.SetSystemRegister(TcrEl1, 1UL << 31); // EAE, T0SZ = T1SZ = 0: TTBR0 for all
        m.Cpu.SetSystemRegister(MairEl1, 0xFF);
        m.Cpu.SetSystemRegister(Dacr32El2, 0); // every domain no access: not consulted with EAE = 1
        m.Cpu.SetSystemRegister(SctlrEl1, 0x00C5_0078 | 1);
        return m;
    }

    private static void SetDataPage(A32Machine m, ulong descriptor) =>
        m.Machine.Ram.Write(new GuestPhysicalAddress(L3 + (((TestMachine.DataBase - TestMachine.RamBase) >> 12) * 8)), descriptor);

    [Fact]
    public void Load_ThroughLevel3Page_IgnoresDacr()
    {
        using A32Machine m = Mapped();
        m.Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase + 0x40), 0xCAFE_F00Du);
        m.SetX(1, TestMachine.DataBase + 0x40);
        EngineExit exit = m.Run(LdrR0R1, A32Machine.Hvc0);

        Assert.Equal(-1, A32Machine.VectorSlot(exit));
        Assert.Equal(0xCAFE_F00Du, m.X(0));
    }

    [Fact]
    public void Store_ToReadOnlyPage_IsLevel3PermissionFaultInLongFormat()
    {
        using A32Machine m = Mapped();
        SetDataPage(m, TestMachine.DataBase | (0b10UL << 6) | PageAf); // AP[2:1] = 10: PL1 read-only
        m.SetX(1, TestMachine.DataBase + 4);
        EngineExit exit = m.Run(StrR0R1, A32Machine.Hvc0);

        Assert.Equal(4, A32Machine.VectorSlot(exit)); // Data Abort
        uint dfsr = (uint)m.Cpu.GetSystemRegister(EsrEl1);
        Assert.Equal(LpaeBit | 0x0Fu, dfsr & 0x23F); // LPAE, STATUS = permission, level 3
        Assert.Equal(1u << 11, dfsr & (1u << 11)); // WnR
        Assert.Equal((uint)TestMachine.DataBase + 4, (uint)m.Cpu.GetSystemRegister(FarEl1)); // DFAR
    }

    [Fact]
    public void Load_FromPageWithAccessFlagClear_IsLevel3AccessFlagFault()
    {
        using A32Machine m = Mapped();
        SetDataPage(m, TestMachine.DataBase | 0b11); // AF = 0
        m.SetX(1, TestMachine.DataBase);
        EngineExit exit = m.Run(LdrR0R1, A32Machine.Hvc0);

        Assert.Equal(4, A32Machine.VectorSlot(exit));
        Assert.Equal(LpaeBit | 0x0Bu, (uint)m.Cpu.GetSystemRegister(EsrEl1) & 0x23F);
    }

    [Fact]
    public void Fetch_FromInvalidLevel2Entry_IsPrefetchAbortWithLevel2TranslationStatus()
    {
        using A32Machine m = Mapped();
        m.SetX(1, TestMachine.RamBase + 0x20_0000); // L2[1] is invalid
        EngineExit exit = m.Run(BxR1, A32Machine.Hvc0);

        Assert.Equal(3, A32Machine.VectorSlot(exit)); // Prefetch Abort
        Assert.Equal(LpaeBit | 0x06u, (uint)m.Cpu.GetSystemRegister(Ifsr32El2) & 0x23F);
    }

    [Fact]
    public void Fetch_FromExecuteNeverPage_IsLevel3PermissionFault()
    {
        using A32Machine m = Mapped();
        SetDataPage(m, TestMachine.DataBase | (1UL << 54) | PageAf); // XN
        m.SetX(1, TestMachine.DataBase);
        EngineExit exit = m.Run(BxR1, A32Machine.Hvc0);

        Assert.Equal(3, A32Machine.VectorSlot(exit));
        Assert.Equal(LpaeBit | 0x0Fu, (uint)m.Cpu.GetSystemRegister(Ifsr32El2) & 0x23F);
    }

    [Fact]
    public void Ats1cpr_WritesLongFormatParWithAddressAndAttributes()
    {
        using A32Machine m = Mapped();
        m.SetX(1, TestMachine.DataBase + 0x123);
        EngineExit exit = m.Run(Ats1cprR1, MrrcParR2R3, A32Machine.Hvc0);

        Assert.Equal(-1, A32Machine.VectorSlot(exit));
        Assert.Equal(0u, m.X(2) & 1); // F = 0
        Assert.Equal(1u << 11, m.X(2) & (1u << 11)); // LPAE
        Assert.Equal((uint)TestMachine.DataBase, m.X(2) & 0xFFFF_F000); // PA[31:12]
        Assert.Equal(0xFFu, m.X(3) >> 24); // ATTR = MAIR Attr0
    }

    [Fact]
    public void Ats1cpw_OnReadOnlyPage_WritesFaultParWithFst()
    {
        using A32Machine m = Mapped();
        SetDataPage(m, TestMachine.DataBase | (0b10UL << 6) | PageAf);
        m.SetX(1, TestMachine.DataBase);
        EngineExit exit = m.Run(Ats1cpwR1, MrrcParR2R3, A32Machine.Hvc0);

        Assert.Equal(-1, A32Machine.VectorSlot(exit));
        Assert.Equal(1u | (0x0Fu << 1) | (1u << 11), m.X(2) & 0xFFF); // F, FST = permission level 3, LPAE
    }
}
