using Armvisor.Arm64;
using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>
/// DACR writes and the soft TLB (SoftTlb's domain sets): the domain check happens at every access (DDI0487 G5.7.3,
/// "Domains"), so a write that closes a domain faults the next access at once, while translations made under a DACR
/// value stay cached across a write and the return to that value, as a PE's TLB keeps them until TLB maintenance.
/// </summary>
public sealed class A32DomainTlbTests
{
    private static readonly SystemRegisterEncoding SctlrEl1 = new(3, 0, 1, 0, 0);
    private static readonly SystemRegisterEncoding Ttbr0 = new(3, 0, 2, 0, 0);
    private static readonly SystemRegisterEncoding Ttbcr = new(3, 0, 2, 0, 2);
    private static readonly SystemRegisterEncoding Dacr = new(3, 4, 3, 0, 0);
    private static readonly SystemRegisterEncoding EsrEl1 = new(3, 0, 5, 2, 0);

    private const ulong L1 = TestMachine.RamBase + 0x14_0000;
    private const uint DataVa = 0x5012_3100; // TLB index 0x123: not the code page's slot

    /// <summary>DACR: domain 0 (code) client, domain 1 (data) client; the second value closes domain 1 (no access).</summary>
    private const uint DacrOpen = 0b0101;
    private const uint DacrClosed = 0b0001;

    // ldr r0, [r1]; mcr p15, 0, r2, c3, c0, 0 (DACR); isb; ldr r3, [r1]; hvc #0
    private static readonly uint[] ReadCloseRead = [0xE591_0000, 0xEE03_2F10, 0xF57F_F06F, 0xE591_3000, A32Machine.Hvc0];

    [Fact]
    public void DacrWrite_ClosingTheDomainOfACachedPage_FaultsTheNextAccess()
    {
        using var m = MachineWithDataSection(0x401);
        m.SetX(2, DacrClosed);
        EngineExit exit = m.Run(ReadCloseRead);

        Assert.Equal(0x1111_1111u, m.X(0));
        Assert.Equal(4, A32Machine.VectorSlot(exit)); // Data Abort
        Assert.Equal(0x9u, (uint)m.Cpu.GetSystemRegister(EsrEl1) & 0x40F); // DFSR.FS: section domain fault
        Assert.Equal(1u << 4, (uint)m.Cpu.GetSystemRegister(EsrEl1) & 0xF0); // DFSR.Domain [7:4] = 1
    }

    [Fact]
    public void DacrWrite_AndBack_KeepsTheTranslationsMadeUnderTheFirstValue()
    {
        using var m = MachineWithDataSection(0x401);
        // ldr r0, [r1]; str r5, [r4] (the descriptor now maps section 0x400); mcr DACR <- r2; mcr DACR <- r6; isb;
        // ldr r3, [r1] (the cached translation: no TLB maintenance yet); mcr p15, 0, r0, c8, c7, 0 (TLBIALL); isb;
        // ldr r7, [r1] (the new descriptor); hvc #0
        m.SetX(2, DacrOpen | (0b11u << 4)); // domain 2 manager: another value
        m.SetX(6, DacrOpen);
        m.SetX(4, L1 + ((DataVa >> 20) * 4));
        m.SetX(5, SectionDescriptor(0x400));
        EngineExit exit = m.Run(0xE591_0000, 0xE584_5000, 0xEE03_2F10, 0xEE03_6F10, 0xF57F_F06F, 0xE591_3000,
            0xEE08_0F17, 0xF57F_F06F, 0xE591_7000, A32Machine.Hvc0);

        Assert.Equal(ExceptionClass.Hvc32, exit.Syndrome.Class);
        Assert.Equal(0x1111_1111u, m.X(0));
        Assert.Equal(0x1111_1111u, m.X(3));
        Assert.Equal(0x2222_2222u, m.X(7));
    }

    [Fact]
    public void DacrWrite_ManyValues_EachWalksWithItsOwnDomainTypes()
    {
        using var m = MachineWithDataSection(0x401);
        // Five DACR values in turn (more than the TLB keeps sets for), each read after its write: open, closed, open
        // with domain 3 manager, closed with domain 3 manager, open with domain 2 manager; then closed again (faults).
        // mcr DACR <- rN; isb; ldr r0, [r1] for N = 6, 7, 8, 9; then mcr DACR <- r2; isb; ldr r3, [r1]
        m.SetX(6, DacrOpen | (0b11u << 6));
        m.SetX(7, DacrOpen | (0b01u << 6));
        m.SetX(8, DacrOpen | (0b11u << 4));
        m.SetX(9, DacrOpen);
        m.SetX(2, DacrClosed | (0b11u << 6));
        uint[] code = [.. Enumerable.Range(6, 4).SelectMany(n => new[] { 0xEE03_0F10 | ((uint)n << 12), 0xF57F_F06F, 0xE591_0000 }),
            0xEE03_2F10, 0xF57F_F06F, 0xE591_3000, A32Machine.Hvc0];
        EngineExit exit = m.Run(code);

        Assert.Equal(0x1111_1111u, m.X(0));
        Assert.Equal(4, A32Machine.VectorSlot(exit));
        Assert.Equal(0x9u, (uint)m.Cpu.GetSystemRegister(EsrEl1) & 0x40F);
    }

    /// <summary>Sections 0x400 (code, vectors) and 0x401 (the tables) flat in domain 0; <see cref="DataVa"/>'s section to <paramref name="dataSection"/> in domain 1.</summary>
    private static A32Machine MachineWithDataSection(uint dataSection)
    {
        var m = new A32Machine();
        m.Machine.Ram.Write(new GuestPhysicalAddress(L1 + (0x400 * 4)), 0x4000_0C02u);
        m.Machine.Ram.Write(new GuestPhysicalAddress(L1 + (0x401 * 4)), 0x4010_0C02u);
        m.Machine.Ram.Write(new GuestPhysicalAddress(L1 + ((DataVa >> 20) * 4)), SectionDescriptor(dataSection));
        m.Machine.Ram.Write(new GuestPhysicalAddress(((ulong)0x401 << 20) | (DataVa & 0xF_FFFF)), 0x1111_1111u);
        m.Machine.Ram.Write(new GuestPhysicalAddress(((ulong)0x400 << 20) | (DataVa & 0xF_FFFF)), 0x2222_2222u);
        m.Cpu.SetSystemRegister(Ttbr0, L1);
        m.Cpu.SetSystemRegister(Ttbcr, 0);
        m.Cpu.SetSystemRegister(Dacr, DacrOpen);
        m.Cpu.SetSystemRegister(SctlrEl1, 0x00C5_0078 | 1);
        m.SetX(1, DataVa);
        return m;
    }

    /// <summary>A section descriptor (DDI0487 G5.5.1): base, AP[1:0] = 0b11 (read/write at PL1 and PL0), domain 1.</summary>
    private static uint SectionDescriptor(uint section) => (section << 20) | 0xC00 | (1u << 5) | 0b10;
}
