using Armvisor.Arm64;
using Armvisor.Devices.Registers;

namespace Armvisor.Devices.Gic;

/// <summary>
/// The GICv3 Distributor (GICD, IHI0069 §12.9): SPI state, priorities, trigger modes and affinity routing.
/// Affinity routing is always enabled (GICD_CTLR.ARE RAO/WI) and there is a single Security state
/// (GICD_CTLR.DS RAO/WI), so the SGI/PPI registers here are RAZ/WI (they live in the redistributors), GICD_IGRPMODR,
/// GICD_NSACR, GICD_ITARGETSR and GICD_SGIR are RAZ/WI, and there are no LPIs.
/// </summary>
public sealed class GicV3Distributor : IMmioDevice
{
    /// <summary>Size of the GICD frame.</summary>
    public const ulong FrameSize = 0x1_0000;

    /// <summary>GICD_IIDR / GICR_IIDR: ProductID 0, Variant 0, Revision 0, Implementer 0x43B (the JEP106 code QEMU uses too).</summary>
    internal const uint ImplementerId = 0x0000_043B;

    private readonly GicV3State _state;
    private readonly RegisterMap _registers;

    internal GicV3Distributor(GicV3State state)
    {
        _state = state;
        _registers = new RegisterMap(FrameSize, new GuestAccessLog("GICD", state.Logger));
        DefineRegisters();
    }

    public ulong Size => FrameSize;

    public ulong Read(ulong offset, AccessSize size)
    {
        lock (_state.Lock)
        {
            return _registers.Read(offset, size);
        }
    }

    public void Write(ulong offset, AccessSize size, ulong value)
    {
        lock (_state.Lock)
        {
            _registers.Write(offset, size, value);
            _state.Update();
        }
    }

    /// <summary>Resets the whole GIC (distributor, redistributors and CPU interfaces), like <see cref="GicV3.Reset"/>.</summary>
    public void Reset() => _state.ResetAll();

    private void DefineRegisters()
    {
        int spiCount = _state.SpiCount;

        // ITLinesNumber [4:0] = N where the INTIDs supported are 32(N+1) - 1 (IHI0069 §12.9.38).
        uint itLines = (uint)((GicIntid.FirstSpi + spiCount + 31) / 32 - 1);
        uint typer = itLines
            | (0u << 5)                   // CPUNumber: RES0 with affinity routing.
            | (0u << 10)                  // SecurityExtn = 0: a single Security state.
            | (0u << 16)                  // MBIS = 0: no message-based SPIs.
            | (0u << 17)                  // LPIS = 0: no LPIs.
            | (9u << 19)                  // IDbits = 9: 10-bit INTIDs (up to 1023).
            | (1u << 24)                  // A3V: Aff3 is supported.
            | (0u << 25)                  // No1N = 0: 1 of N SPI routing (IRM) is supported.
            | (1u << 26);                 // RSS: SGI targets Aff0 0-255.

        _registers
            .Define(0x0000, "GICD_CTLR", r => r
                .WithFlag(0, "EnableGrp0", valueProvider: () => _state.EnableGroup0, onWrite: v => _state.EnableGroup0 = v)
                .WithFlag(1, "EnableGrp1", valueProvider: () => _state.EnableGroup1, onWrite: v => _state.EnableGroup1 = v)
                .WithReserved(2, 2)
                .WithFlag(4, "ARE", FieldMode.ReadOnly, valueProvider: () => true)
                .WithReserved(5, 1)
                .WithFlag(6, "DS", FieldMode.ReadOnly, valueProvider: () => true)
                .WithFlag(7, "E1NWF", FieldMode.ReadOnly)
                .WithReserved(8, 23)
                .WithFlag(31, "RWP", FieldMode.ReadOnly))
            .DefineConstant(0x0004, "GICD_TYPER", typer)
            .DefineConstant(0x0008, "GICD_IIDR", ImplementerId)
            .DefineConstant(0x000C, "GICD_TYPER2", 0)
            .Define(0x0010, "GICD_STATUSR", r => r.WithReserved(0, 32));

        DefineSpiBank(0x0080, "GICD_IGROUPR", 1, irq => irq.Group1 ? 1UL : 0, (irq, v) => irq.Group1 = v != 0);
        DefineSpiBank(0x0100, "GICD_ISENABLER", 1, irq => irq.Enabled ? 1UL : 0, (irq, v) => irq.Enabled |= v != 0);
        DefineSpiBank(0x0180, "GICD_ICENABLER", 1, irq => irq.Enabled ? 1UL : 0, (irq, v) => irq.Enabled &= v == 0);
        DefineSpiBank(0x0200, "GICD_ISPENDR", 1, irq => irq.IsPending ? 1UL : 0, (irq, v) => irq.PendingLatch |= v != 0);
        DefineSpiBank(0x0280, "GICD_ICPENDR", 1, irq => irq.IsPending ? 1UL : 0, (irq, v) => irq.PendingLatch &= v == 0);
        DefineSpiBank(0x0300, "GICD_ISACTIVER", 1, irq => irq.Active ? 1UL : 0, (irq, v) => irq.Active |= v != 0);
        DefineSpiBank(0x0380, "GICD_ICACTIVER", 1, irq => irq.Active ? 1UL : 0, (irq, v) => irq.Active &= v == 0);
        DefineSpiBank(0x0400, "GICD_IPRIORITYR", 8, irq => irq.Priority, (irq, v) => irq.Priority = (byte)(v & GicV3State.PriorityMask));
        DefineSpiBank(0x0800, "GICD_ITARGETSR", 8, _ => 0, null);
        DefineSpiBank(0x0C00, "GICD_ICFGR", 2, irq => irq.EdgeTriggered ? 2UL : 0, (irq, v) => irq.EdgeTriggered = (v & 2) != 0);
        DefineSpiBank(0x0D00, "GICD_IGRPMODR", 1, _ => 0, null);
        DefineSpiBank(0x0E00, "GICD_NSACR", 2, _ => 0, null);
        _registers.Define(0x0F00, "GICD_SGIR", r => r.WithUnimplemented(0, 32, "SGIR (WI with affinity routing)"));

        // GICD_IROUTER<n> for n = 32..: Aff0 [7:0], Aff1 [15:8], Aff2 [23:16], IRM [31], Aff3 [39:32] (IHI0069 §12.9.22).
        const ulong routerMask = 0xFF_8000_0000 | 0xFF_FFFF;
        _registers.DefineArray(0x6000 + 8 * GicIntid.FirstSpi, "GICD_IROUTER", GicIntid.FirstSpi, spiCount, 64,
            intid => _state.Spi(intid).Router,
            (intid, v) => _state.Spi(intid).Router = v & routerMask,
            AccessSize.Doubleword);

        GicV3IdRegisters.Define(_registers, "GICD");
    }

    /// <summary>
    /// One per-INTID register bank: the part for INTIDs 0-31 is RAZ/WI (banked in the redistributors with affinity
    /// routing), then one field per implemented SPI.
    /// </summary>
    private void DefineSpiBank(ulong offset, string name, int bitsPerIrq, Func<GicInterrupt, ulong> read, Action<GicInterrupt, ulong>? write)
    {
        ulong privateBytes = (ulong)(GicIntid.FirstSpi * bitsPerIrq / 8);
        _registers.DefineArray(offset, name + " (SGI/PPI, RAZ/WI)", 0, GicIntid.FirstSpi, bitsPerIrq, _ => 0, static (_, _) => { });
        _registers.DefineArray(offset + privateBytes, name, GicIntid.FirstSpi, _state.SpiCount, bitsPerIrq,
            intid => read(_state.Spi(intid)),
            write is null ? static (_, _) => { } : (intid, v) => write(_state.Spi(intid), v));
    }
}
