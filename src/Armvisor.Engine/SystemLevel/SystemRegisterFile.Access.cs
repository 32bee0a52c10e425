using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.SystemLevel;

/// <summary>The access checks: EL0 rules, EL2/EL3 trap routing and the FP trap (DDI0487 D1.14.3 priority order).</summary>
public sealed partial class SystemRegisterFile
{
    // MDCR_EL2 (DDI0487 D24.3.16), CNTHCTL_EL2 non-VHE (D24.8.2), CPTR_ELx.TFP (D24.2.33/34), CPACR_EL1.FPEN (D24.2.30).
    private const ulong MdcrTpmcr = 1UL << 5;
    private const ulong MdcrTpm = 1UL << 6;
    private const ulong MdcrTde = 1UL << 8;
    private const ulong MdcrTda = 1UL << 9;
    private const ulong MdcrTdosa = 1UL << 10;
    private const ulong CnthctlEl1Pcten = 1UL << 0;
    private const ulong CnthctlEl1Pcen = 1UL << 1;
    private const ulong CptrTfp = 1UL << 10;
    private const int CpacrFpenShift = 20;

    /// <summary>MRS: checks the access and, when <see cref="SysRegAccess.Ok"/>, reads the register.</summary>
    /// <param name="cpu">The PE state (PSTATE.EL decides the rules).</param>
    /// <param name="key">The encoding's <see cref="SystemRegisterEncoding.Key"/> (MRS bits [20:5]).</param>
    /// <param name="value">The value read, or 0 when the access does not happen.</param>
    public SysRegAccess Read(CpuState cpu, ushort key, out ulong value)
    {
        value = 0;
        SystemRegisterDefinition? row = SystemRegisterTable.Find(key);
        if (row is null || row.Kind == SystemRegisterKind.Instruction)
        {
            return Unallocated(cpu, key);
        }

        SysRegAccess access = Check(cpu, row, isWrite: false);
        if (access == SysRegAccess.Ok)
        {
            value = ReadValue(cpu, row);
        }

        return access;
    }

    /// <summary>
    /// For the native tier, at translate time: where the value of the register <paramref name="key"/> lives when an
    /// access in this direction is plain storage whose verdict cannot change while the Exception level stays the same —
    /// a <see cref="SystemRegisterKind.Storage"/> row with no trap control, no special rule, no EL0 control bit and, for
    /// a write, no write effect and no RES0/RES1 bits — and <see cref="Check"/> says Ok for <paramref name="cpu"/> now
    /// (TPIDR_EL0, TPIDRRO_EL0 reads, TPIDR_EL1, ELR/SPSR_EL1 reads, PAR_EL1...). Null otherwise.
    /// </summary>
    internal unsafe ulong* PlainStorage(CpuState cpu, ushort key, bool isWrite)
    {
        SystemRegisterDefinition? row = SystemRegisterTable.Find(key);
        if (row is null || row.Kind != SystemRegisterKind.Storage || row.Traps != SystemRegisterTraps.None
            || row.Special != SpecialRegister.None || row.El0 is not (El0AccessRule.None or El0AccessRule.Always or El0AccessRule.ReadOnly)
            || (isWrite && (row.WriteEffects != SystemRegisterEffects.None || row.WritableMask != ulong.MaxValue || row.Res1 != 0))
            || Check(cpu, row, isWrite) != SysRegAccess.Ok)
        {
            return null;
        }

        // SAFETY: _values is pinned for the register file's lifetime and StorageIndex is within it (the table assigns it).
        return (ulong*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _values[row.StorageIndex]);
    }

    /// <summary>MSR (register form): checks the access and, when <see cref="SysRegAccess.Ok"/>, writes the register.</summary>
    public SysRegAccess Write(CpuState cpu, ushort key, ulong value)
    {
        SystemRegisterDefinition? row = SystemRegisterTable.Find(key);
        if (row is null || row.Kind == SystemRegisterKind.Instruction)
        {
            return Unallocated(cpu, key);
        }

        SysRegAccess access = Check(cpu, row, isWrite: true);
        if (access == SysRegAccess.Ok)
        {
            WriteValue(cpu, row, value);
        }

        return access;
    }

    /// <summary>SYS (op0=1: DC, IC, AT, TLBI): checks the access; when Ok, the interpreter performs <paramref name="operation"/>.</summary>
    public SysRegAccess CheckInstruction(CpuState cpu, ushort key, out SystemOperation operation)
    {
        operation = SystemOperation.None;
        SystemRegisterDefinition? row = SystemRegisterTable.Find(key);
        if (row is null || row.Kind != SystemRegisterKind.Instruction)
        {
            return Unallocated(cpu, key);
        }

        SysRegAccess access = Check(cpu, row, isWrite: true);
        if (access == SysRegAccess.Ok)
        {
            operation = row.Operation;
        }

        return access;
    }

    /// <summary>
    /// The FP/AdvSIMD access check every FP/SIMD instruction makes (pseudocode CheckFPAdvSIMDEnabled64):
    /// CPACR_EL1.FPEN (0b01 traps EL0 only, 0bx0 traps both) to EL1, then CPTR_EL2.TFP to EL2, then CPTR_EL3.TFP to EL3.
    /// </summary>
    public SysRegAccess CheckFpAccess(CpuState cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ulong fpen = (Cpacr >> CpacrFpenShift) & 3;
        if (cpu.CurrentEl == 0 ? fpen != 0b11 : (fpen & 1) == 0)
        {
            return SysRegAccess.FpTrapToEl1;
        }

        if (El2Enabled && (CptrEl2 & CptrTfp) != 0)
        {
            return SysRegAccess.FpTrapToEl2;
        }

        return Options.HasEl3 && (CptrEl3 & CptrTfp) != 0 ? SysRegAccess.FpTrapToEl3 : SysRegAccess.Ok;
    }

    /// <summary>Whether TLBI and IC IALLU at EL1 are broadcast to the Inner Shareable domain (HCR_EL2.FB).</summary>
    public bool ForceBroadcast => (Hcr & HcrBits.Fb) != 0;

    /// <summary>
    /// An encoding with no row. IMPLEMENTATION DEFINED registers (op0=3, CRn=11 or 15) trap to EL2 under
    /// HCR_EL2.TIDCP from EL1 (DDI0487 D24.2.48); everything else is UNDEFINED.
    /// </summary>
    private SysRegAccess Unallocated(CpuState cpu, ushort key)
    {
        SystemRegisterEncoding encoding = SystemRegisterEncoding.FromKey(key);
        bool implementationDefined = encoding.Op0 == 3 && encoding.CRn is 11 or 15;
        return implementationDefined && cpu.CurrentEl == 1 && (Hcr & HcrBits.Tidcp) != 0
            ? SysRegAccess.TrapToEl2
            : SysRegAccess.Undefined;
    }

    private SysRegAccess Check(CpuState cpu, SystemRegisterDefinition row, bool isWrite)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        if (row.AgentOnly || !(isWrite ? row.CanWrite : row.CanRead))
        {
            return SysRegAccess.Undefined;
        }

        if (cpu.CurrentEl == 0)
        {
            SysRegAccess el0 = CheckEl0(row.El0, isWrite);
            if (el0 != SysRegAccess.Ok)
            {
                return el0;
            }
        }

        switch (row.Special)
        {
            // SP_EL0 is UNDEFINED at EL1 while it is the current stack pointer (PSTATE.SP == 0) (DDI0487 C5.2.15).
            case SpecialRegister.SpEl0 when !cpu.SpSel:
            // CNTFRQ_EL0 is writable only at the highest implemented Exception level (DDI0487 D24.8.1).
            case SpecialRegister.CounterFrequency when isWrite && (Options.HasEl2 || Options.HasEl3 || cpu.CurrentEl == 0):
                return SysRegAccess.Undefined;
        }

        if ((row.Traps & SystemRegisterTraps.FloatingPoint) != 0)
        {
            return CheckFpAccess(cpu);
        }

        if ((row.Traps & SystemRegisterTraps.GicCpuInterface) != 0 || (El2Enabled && TrappedToEl2(row.Traps, isWrite)))
        {
            return SysRegAccess.TrapToEl2;
        }

        return SysRegAccess.Ok;
    }

    /// <summary>PMUSERENR_EL0 bits (DDI0487 D24.5.21).</summary>
    private const uint PmuserenrEn = 1, PmuserenrSw = 1 << 1, PmuserenrCr = 1 << 2, PmuserenrEr = 1 << 3;

    private SysRegAccess CheckEl0(El0AccessRule rule, bool isWrite)
    {
        ulong sctlr = Sctlr;
        ulong cntkctl = Timers.KernelControl;
        bool permitted = rule switch
        {
            El0AccessRule.None => false,
            El0AccessRule.Always => true,
            El0AccessRule.ReadOnly => !isWrite,
            El0AccessRule.CounterFrequency => !isWrite,
            El0AccessRule.PmuUserEnable => !isWrite,
            _ => true,
        };
        if (!permitted)
        {
            return SysRegAccess.Undefined;
        }

        // EL0 controls in SCTLR_EL1 and CNTKCTL_EL1 trap to EL1 with EC 0x18 (DDI0487 D24.2.118, D24.8.4).
        bool enabled = rule switch
        {
            El0AccessRule.Uma => (sctlr & SctlrBits.Uma) != 0,
            El0AccessRule.Uct => (sctlr & SctlrBits.Uct) != 0,
            El0AccessRule.Dze => (sctlr & SctlrBits.Dze) != 0,
            El0AccessRule.Uci => (sctlr & SctlrBits.Uci) != 0,
            El0AccessRule.CounterFrequency =>
                (cntkctl & (GenericTimers.KernelControlEl0PctEn | GenericTimers.KernelControlEl0VctEn)) != 0,
            El0AccessRule.PhysicalCount => (cntkctl & GenericTimers.KernelControlEl0PctEn) != 0,
            El0AccessRule.VirtualCount => (cntkctl & GenericTimers.KernelControlEl0VctEn) != 0,
            El0AccessRule.PhysicalTimer => (cntkctl & GenericTimers.KernelControlEl0PtEn) != 0,
            El0AccessRule.VirtualTimer => (cntkctl & GenericTimers.KernelControlEl0VtEn) != 0,
            El0AccessRule.PmuEnable => (Pmu.UserEnable & PmuserenrEn) != 0,
            El0AccessRule.PmuSoftwareIncrement => (Pmu.UserEnable & (PmuserenrEn | PmuserenrSw)) != 0,
            El0AccessRule.PmuCycleCounter => (Pmu.UserEnable & (isWrite ? PmuserenrEn : PmuserenrEn | PmuserenrCr)) != 0,
            El0AccessRule.PmuSelect => (Pmu.UserEnable & (PmuserenrEn | PmuserenrEr)) != 0,
            El0AccessRule.PmuEventCounter => (Pmu.UserEnable & (isWrite ? PmuserenrEn : PmuserenrEn | PmuserenrEr)) != 0,
            _ => true,
        };
        return enabled ? SysRegAccess.Ok : SysRegAccess.TrapToEl1;
    }

    private bool TrappedToEl2(SystemRegisterTraps traps, bool isWrite)
    {
        if (traps == SystemRegisterTraps.None)
        {
            return false;
        }

        ulong hcr = Hcr;
        ulong mdcr = Mdcr;
        ulong cnthctl = Cnthctl;
        return Trap(SystemRegisterTraps.VirtualMemoryControl, isWrite ? HcrBits.Tvm : HcrBits.Trvm, hcr)
            || Trap(SystemRegisterTraps.Tid1, HcrBits.Tid1, hcr)
            || Trap(SystemRegisterTraps.Tid2, HcrBits.Tid2, hcr)
            || Trap(SystemRegisterTraps.Tid3, HcrBits.Tid3, hcr)
            || Trap(SystemRegisterTraps.Tacr, HcrBits.Tacr, hcr)
            || Trap(SystemRegisterTraps.Tsw, HcrBits.Tsw, hcr)
            || Trap(SystemRegisterTraps.Tpcp, HcrBits.Tpcp, hcr)
            || Trap(SystemRegisterTraps.Tpu, HcrBits.Tpu, hcr)
            || Trap(SystemRegisterTraps.Ttlb, HcrBits.Ttlb, hcr)
            || Trap(SystemRegisterTraps.Tdz, HcrBits.Tdz, hcr)
            || Trap(SystemRegisterTraps.Tda, MdcrTda | MdcrTde, mdcr)
            || Trap(SystemRegisterTraps.Tdosa, MdcrTdosa | MdcrTde, mdcr)
            || Trap(SystemRegisterTraps.Tpm, MdcrTpm, mdcr)
            || Trap(SystemRegisterTraps.Tpmcr, MdcrTpmcr, mdcr)
            || ((traps & SystemRegisterTraps.PhysicalCount) != 0 && (cnthctl & CnthctlEl1Pcten) == 0)
            || ((traps & SystemRegisterTraps.PhysicalTimer) != 0 && (cnthctl & CnthctlEl1Pcen) == 0);

        bool Trap(SystemRegisterTraps group, ulong bits, ulong control) => (traps & group) != 0 && (control & bits) != 0;
    }
}
