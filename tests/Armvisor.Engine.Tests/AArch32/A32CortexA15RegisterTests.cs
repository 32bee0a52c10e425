namespace Armvisor.Engine.Tests.AArch32;

/// <summary>The identification and CP14 debug registers an ARMv7 Linux kernel reads on a Cortex-A15 (values as QEMU's
/// <c>-cpu cortex-a15</c>), through MRC/MCR p15 and p14.</summary>
public class A32CortexA15RegisterTests
{
    private static readonly PartitionOptions CortexA15 = new(Midr: 0x414F_C0F0, AArch32El1: true);

    /// <summary>MRC p{cp}, opc1, Rt, CRn, CRm, opc2 (A32, cond = AL; DDI0487 F5.1.x).</summary>
    private static uint Mrc(int cp, int opc1, int rt, int crn, int crm, int opc2) =>
        0xEE10_0010u | ((uint)opc1 << 21) | ((uint)crn << 16) | ((uint)rt << 12) | ((uint)cp << 8) | ((uint)opc2 << 5) | (uint)crm;

    private static uint Mcr(int cp, int opc1, int rt, int crn, int crm, int opc2) => Mrc(cp, opc1, rt, crn, crm, opc2) & ~(1u << 20);

    [Theory]
    [InlineData(1, 0, 0x0000_1131u)] // ID_PFR0
    [InlineData(1, 1, 0x1001_1011u)] // ID_PFR1 (GIC System registers)
    [InlineData(1, 2, 0x0201_0555u)] // ID_DFR0
    [InlineData(1, 4, 0x1020_1105u)] // ID_MMFR0
    [InlineData(1, 7, 0x0210_2211u)] // ID_MMFR3
    [InlineData(2, 0, 0x0210_1110u)] // ID_ISAR0
    [InlineData(2, 4, 0x1001_1142u)] // ID_ISAR4
    public void MrcIdRegister_CortexA15_ReadsQemuValue(int crm, int opc2, uint expected)
    {
        using var m = new A32Machine(options: CortexA15);
        m.Run(Mrc(15, 0, 0, 0, crm, opc2), A32Machine.Hvc0);

        Assert.Equal(expected, m.X(0));
    }

    [Fact]
    public void MrcIdMmfr0_AArch64Pe_ReadsZero()
    {
        using var m = new A32Machine();
        m.SetX(0, 0xFFFF);
        m.Run(Mrc(15, 0, 0, 0, 1, 4), A32Machine.Hvc0);

        Assert.Equal(0u, m.X(0));
    }

    [Fact]
    public void MrcCcsidr_L2SelectedByCsselr_ReadsCortexA15L2()
    {
        using var m = new A32Machine(options: CortexA15);
        m.SetX(1, 2); // Level 2, unified
        m.Run(Mcr(15, 2, 1, 0, 0, 0), Mrc(15, 1, 0, 0, 0, 0), Mrc(15, 1, 2, 0, 0, 1), A32Machine.Hvc0);

        Assert.Equal(0x711F_E07Au, m.X(0));
        Assert.Equal(0x0A20_0023u, m.X(2)); // CLIDR
    }

    [Fact]
    public void MrcDbgdidr_ReadsV71DebugWithSixBreakpointsAndFourWatchpoints()
    {
        using var m = new A32Machine(options: CortexA15);
        m.Run(Mrc(14, 0, 0, 0, 0, 0), A32Machine.Hvc0);

        Assert.Equal(0x3515_F021u, m.X(0));
        Assert.Equal(5u, (m.X(0) >> 16) & 0xF); // Version: v7.1 debug
    }

    [Fact]
    public void McrDbgdscrext_MonitorDebugEnable_VisibleInDbgdscrint()
    {
        using var m = new A32Machine(options: CortexA15);
        m.SetX(1, 1u << 15); // MDBGen
        m.Run(Mcr(14, 0, 1, 0, 2, 2), Mrc(14, 0, 0, 0, 1, 0), A32Machine.Hvc0);

        Assert.Equal(1u << 15, m.X(0) & (1u << 15));
    }

    [Fact]
    public void McrDbgdscrint_ReadOnlyView_IsUndefined()
    {
        using var m = new A32Machine(options: CortexA15);
        EngineExit exit = m.Run(Mcr(14, 0, 0, 0, 1, 0), A32Machine.Hvc0);

        Assert.Equal(1, A32Machine.VectorSlot(exit)); // Undefined Instruction vector
    }

    [Fact]
    public void McrDbgwcr_EightByteAddressSelect_ReadsBack()
    {
        using var m = new A32Machine(options: CortexA15);
        m.SetX(1, 0xFFu << 5); // BAS = 0xFF: hw_breakpoint.c get_max_wp_len's probe
        m.Run(Mcr(14, 0, 1, 0, 3, 7), Mrc(14, 0, 0, 0, 3, 7), A32Machine.Hvc0); // DBGWCR3

        Assert.Equal(0xFFu << 5, m.X(0));
    }

    [Fact]
    public void MrcCp14UndeclaredEncoding_IsUndefined()
    {
        using var m = new A32Machine(options: CortexA15);
        EngineExit exit = m.Run(Mrc(14, 0, 0, 0, 6, 4), A32Machine.Hvc0); // DBGBVR6: the A15 has six

        Assert.Equal(1, A32Machine.VectorSlot(exit));
    }

    [Fact]
    public void McrSctlr_LinuxV7Setup_ReadsBackAsQemuCortexA15()
    {
        using var m = new A32Machine(options: CortexA15);
        // arch/arm/mm/proc-v7.S __v7_setup: (SCTLR & ~0x2120C302) | 0x10C03C7D from the reset value 0x00C50078; QEMU's
        // Cortex-A15 reads it back as 0x10C5387D (Linux: "cr=10c5387d"): V, nTWI, nTWE kept, SW (bit 10) RAZ/WI. M is
        // left clear here so that the next fetch needs no page tables.
        m.SetX(1, (0x00C5_0078u & ~0x2120_C302u) | 0x10C0_3C7Cu);
        m.Run(Mcr(15, 0, 1, 1, 0, 0), Mrc(15, 0, 0, 1, 0, 0), A32Machine.Hvc0);

        Assert.Equal(0x10C5_387Cu, m.X(0));
    }

    [Fact]
    public void McrTeehbr_ThreadSwitch_ReadsBackHandlerBase()
    {
        using var m = new A32Machine(options: CortexA15);
        m.SetX(1, 0x8000_1237); // bits [1:0] are RES0
        m.Run(Mcr(14, 6, 1, 1, 0, 0), Mrc(14, 6, 0, 1, 0, 0), A32Machine.Hvc0); // arch/arm/kernel/thumbee.c

        Assert.Equal(0x8000_1234u, m.X(0));
    }
}
