using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.SystemLevel;

/// <summary>Carrying out a permitted access: where each kind of register keeps its value.</summary>
public sealed partial class SystemRegisterFile
{
    /// <summary>ICC_SRE_EL1: SRE=1, DFB=1, DIB=1; the System register interface cannot be disabled (IHI0069 12.2.20).</summary>
    private const ulong IccSreValue = 0b111;

    /// <summary>FPCR: AHP, DN, FZ, RMode; the FP trap enables are RAZ/WI (trapping not supported), Len/Stride RES0 (DDI0487 C5.2.8).</summary>
    private const uint FpcrWritable = 0x07C0_0000;

    /// <summary>FPSR: QC and the cumulative flags IDC, IXC, UFC, OFC, DZC, IOC; NZCV are AArch32-only (DDI0487 C5.2.9).</summary>
    private const uint FpsrWritable = 0x0800_009F;

    private const ulong DczidProhibited = 1UL << 4;

    private ulong ReadValue(CpuState cpu, SystemRegisterDefinition row) => row.Kind switch
    {
        SystemRegisterKind.Storage or SystemRegisterKind.Constant => _values[row.StorageIndex],
        SystemRegisterKind.Timer => Timers.Read(row.Timer),
        SystemRegisterKind.PerformanceMonitor => Pmu.Read(cpu, row.Pmu, row.PmuCounter),
        SystemRegisterKind.Special => ReadSpecial(cpu, row.Special),
        _ => 0,
    };

    private ulong ReadSpecial(CpuState cpu, SpecialRegister special) => special switch
    {
        SpecialRegister.CurrentEl => (ulong)cpu.CurrentEl << 2,
        SpecialRegister.SpSel => cpu.SpSel ? 1UL : 0,
        SpecialRegister.Pan => cpu.Pan ? 1UL << 22 : 0,
        SpecialRegister.SpEl0 => cpu.SpEl0,
        SpecialRegister.SpEl1 => cpu.SpEl1,
        SpecialRegister.Nzcv => cpu.Nzcv,
        SpecialRegister.Daif => cpu.Daif,
        SpecialRegister.Fpcr => cpu.Fpcr,
        SpecialRegister.Fpsr => cpu.Fpsr,
        SpecialRegister.Midr => El2Enabled ? _values[(int)SystemRegisterSlot.VpidrEl2] : Options.Midr,
        SpecialRegister.Mpidr => El2Enabled ? _values[(int)SystemRegisterSlot.VmpidrEl2] : Identity.Mpidr | (1UL << 31),
        SpecialRegister.Ccsidr => Options.AArch32El1
            ? AArch32.System.CortexA15IdRegisterValues.Ccsidr(_values[(int)SystemRegisterSlot.CsselrEl1])
            : IdRegisterValues.Ccsidr(_values[(int)SystemRegisterSlot.CsselrEl1]),
        SpecialRegister.Dczid => IdRegisterValues.DczidBlockSize | (DcZvaProhibited(cpu) ? DczidProhibited : 0),
        SpecialRegister.Isr => InterruptStatusSource?.Invoke() ?? 0,
        SpecialRegister.IccSre => IccSreValue,
        _ => 0,
    };

    /// <summary>DCZID_EL0.DZP: DC ZVA would trap at the current EL (SCTLR_EL1.DZE at EL0, HCR_EL2.TDZ) (DDI0487 D24.2.38).</summary>
    private bool DcZvaProhibited(CpuState cpu) =>
        (cpu.CurrentEl == 0 && (Sctlr & SctlrBits.Dze) == 0) || (Hcr & HcrBits.Tdz) != 0;

    private void WriteValue(CpuState cpu, SystemRegisterDefinition row, ulong value)
    {
        switch (row.Kind)
        {
            case SystemRegisterKind.Storage:
                _values[row.StorageIndex] = row.Sanitize(value);
                break;
            case SystemRegisterKind.Timer:
                Timers.Write(row.Timer, value);
                break;
            case SystemRegisterKind.PerformanceMonitor:
                Pmu.Write(cpu, row.Pmu, row.PmuCounter, value);
                break;
            case SystemRegisterKind.Special:
                WriteSpecial(cpu, row.Special, value);
                break;
            default:
                return;
        }

        PendingEffects |= row.WriteEffects;
    }

    private void WriteSpecial(CpuState cpu, SpecialRegister special, ulong value)
    {
        switch (special)
        {
            case SpecialRegister.SpEl0:
                cpu.SpEl0 = value;
                break;
            case SpecialRegister.SpEl1:
                cpu.SpEl1 = value;
                break;
            case SpecialRegister.SpSel:
                cpu.SpSel = (value & 1) != 0;
                PendingEffects |= SystemRegisterEffects.Pstate;
                break;
            case SpecialRegister.Pan:
                cpu.Pan = (value & (1UL << 22)) != 0;
                PendingEffects |= SystemRegisterEffects.Pstate;
                break;
            case SpecialRegister.Nzcv:
                cpu.Nzcv = (uint)value & 0xF000_0000;
                break;
            case SpecialRegister.Daif:
                cpu.Daif = (uint)value & 0x3C0;
                PendingEffects |= SystemRegisterEffects.Pstate;
                break;
            case SpecialRegister.Fpcr:
                cpu.Fpcr = (uint)value & FpcrWritable;
                break;
            case SpecialRegister.Fpsr:
                cpu.Fpsr = (uint)value & FpsrWritable;
                break;
            default:
                // ICC_SRE_EL1 and the read-only computed registers ignore writes.
                break;
        }
    }
}
