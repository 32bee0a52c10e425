using System.Runtime.CompilerServices;
using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// One vCPU's System registers, driven by <see cref="SystemRegisterTable"/>. The interpreter calls
/// <see cref="Read"/>, <see cref="Write"/> and <see cref="CheckInstruction"/> for MRS, MSR and SYS, and reads the
/// typed properties on its hot paths; the EL2/EL3 agents use <see cref="ReadForAgent"/>/<see cref="WriteForAgent"/>.
/// Thread-affine, like the vCPU.
/// </summary>
public sealed partial class SystemRegisterFile
{
    /// <summary>Pinned (the pinned object heap), so the native tier reads and writes plain registers in place.</summary>
    private readonly ulong[] _values = GC.AllocateArray<ulong>(SystemRegisterTable.StorageCount, pinned: true);

    public SystemRegisterFile(CpuIdentity identity, GenericTimers timers)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(timers);
        Identity = identity;
        Timers = timers;
        Pmu = new PerformanceMonitors(identity.Options.HasEl3);
        Reset();
    }

    public CpuIdentity Identity { get; }

    public PartitionOptions Options => Identity.Options;

    /// <summary>The vCPU's generic timers (CNTP_*, CNTV_*, CNTKCTL_EL1, CNTVOFF_EL2).</summary>
    public GenericTimers Timers { get; }

    /// <summary>The vCPU's PMUv3 (PMCR_EL0, PMCCNTR_EL0, PMEVCNTR&lt;n&gt;_EL0...).</summary>
    public PerformanceMonitors Pmu { get; }

    /// <summary>Effects of the writes since the interpreter last cleared this (it ORs, never clears itself).</summary>
    public SystemRegisterEffects PendingEffects { get; set; }

    /// <summary>ISR_EL1's value (A bit 8, I bit 7, F bit 6), supplied by the interpreter from its interrupt lines.</summary>
    public Func<ulong>? InterruptStatusSource { get; set; }

    /// <summary>EL2 is implemented and enabled for Non-secure EL1/EL0 (pseudocode EL2Enabled(): SCR_EL3.NS == 1 when EL3 exists).</summary>
    public bool El2Enabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Options.HasEl2 && (!Options.HasEl3 || (Scr & 1) != 0);
    }

    public ulong Sctlr => _values[(int)SystemRegisterSlot.SctlrEl1];

    public ulong Tcr => _values[(int)SystemRegisterSlot.TcrEl1];

    public ulong Ttbr0 => _values[(int)SystemRegisterSlot.Ttbr0El1];

    public ulong Ttbr1 => _values[(int)SystemRegisterSlot.Ttbr1El1];

    public ulong Mair => _values[(int)SystemRegisterSlot.MairEl1];

    public ulong VbarEl1 => _values[(int)SystemRegisterSlot.VbarEl1];

    public ulong Cpacr => _values[(int)SystemRegisterSlot.CpacrEl1];

    public ulong ContextidrEl1 => _values[(int)SystemRegisterSlot.ContextidrEl1];

    public ulong TpidrEl0 => _values[(int)SystemRegisterSlot.TpidrEl0];

    public ulong TpidrroEl0 => _values[(int)SystemRegisterSlot.TpidrroEl0];

    public ulong TpidrEl1 => _values[(int)SystemRegisterSlot.TpidrEl1];

    public ulong CounterFrequency => _values[(int)SystemRegisterSlot.CntfrqEl0];

    public ulong ElrEl1
    {
        get => _values[(int)SystemRegisterSlot.ElrEl1];
        set => _values[(int)SystemRegisterSlot.ElrEl1] = value;
    }

    public ulong SpsrEl1
    {
        get => _values[(int)SystemRegisterSlot.SpsrEl1];
        set => _values[(int)SystemRegisterSlot.SpsrEl1] = value;
    }

    public ulong EsrEl1
    {
        get => _values[(int)SystemRegisterSlot.EsrEl1];
        set => _values[(int)SystemRegisterSlot.EsrEl1] = value & 0xFFFF_FFFF;
    }

    public ulong FarEl1
    {
        get => _values[(int)SystemRegisterSlot.FarEl1];
        set => _values[(int)SystemRegisterSlot.FarEl1] = value;
    }

    public ulong ParEl1
    {
        get => _values[(int)SystemRegisterSlot.ParEl1];
        set => _values[(int)SystemRegisterSlot.ParEl1] = value;
    }

    /// <summary>HCR_EL2 as it applies to EL1/EL0: zero when EL2 is not enabled.</summary>
    public ulong Hcr => El2Enabled ? _values[(int)SystemRegisterSlot.HcrEl2] : 0;

    public ulong Mdcr => El2Enabled ? _values[(int)SystemRegisterSlot.MdcrEl2] : 0;

    /// <summary>MDSCR_EL1 (DDI0487 D24.3.20): SS (bit 0), KDE (bit 13), MDE (bit 15).</summary>
    public ulong Mdscr => _values[(int)SystemRegisterSlot.MdscrEl1];

    public ulong CptrEl2 => _values[(int)SystemRegisterSlot.CptrEl2];

    /// <summary>CNTHCTL_EL2 as it applies to EL1/EL0: EL1PCTEN and EL1PCEN read as 1 when EL2 is not enabled.</summary>
    public ulong Cnthctl => El2Enabled ? _values[(int)SystemRegisterSlot.CnthctlEl2] : 0b11;

    public ulong Scr => _values[(int)SystemRegisterSlot.ScrEl3];

    public ulong CptrEl3 => _values[(int)SystemRegisterSlot.CptrEl3];

    /// <summary>The Arm name of an encoding, or null when the engine does not implement it.</summary>
    public static string? NameOf(SystemRegisterEncoding encoding) => SystemRegisterTable.Find(encoding.Key)?.Name;

    /// <summary>Puts every register at its reset value.</summary>
    public void Reset()
    {
        foreach (SystemRegisterDefinition row in SystemRegisterTable.Definitions)
        {
            if (row.StorageIndex < 0)
            {
                continue;
            }

            ulong reset = row.IdentityValue is { } value ? value(Identity) : row.Reset;
            _values[row.StorageIndex] = row.Kind == SystemRegisterKind.Constant ? reset : row.Sanitize(reset);
        }

        Timers.KernelControl = 0;
        Timers.VirtualOffset = 0;
        Pmu.Reset();
        PendingEffects = SystemRegisterEffects.None;
    }

    /// <summary>Reads any register for an agent, with no access check (EL2/EL3 view: MIDR_EL1 is the real MIDR).</summary>
    /// <exception cref="EngineException">The encoding is not a register the engine implements.</exception>
    public ulong ReadForAgent(CpuState cpu, SystemRegisterEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        SystemRegisterDefinition row = AgentRow(encoding);
        return row.Kind switch
        {
            SystemRegisterKind.Special when row.Special == SpecialRegister.Midr => Options.Midr,
            SystemRegisterKind.Special when row.Special == SpecialRegister.Mpidr => Identity.Mpidr | (1UL << 31),
            _ => ReadValue(cpu, row),
        };
    }

    /// <summary>Writes any writable register for an agent, with no access check.</summary>
    /// <exception cref="EngineException">Unknown encoding, or a read-only register (ID registers: use VPIDR_EL2/VMPIDR_EL2).</exception>
    public void WriteForAgent(CpuState cpu, SystemRegisterEncoding encoding, ulong value)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        SystemRegisterDefinition row = AgentRow(encoding);
        if (!row.CanWrite || row.Kind == SystemRegisterKind.Constant)
        {
            throw new EngineException($"{row.Name} is read-only.");
        }

        if (cpu.AArch32 && row.Encoding.Key == SysReg.SctlrEl1.Key)
        {
            // The agent sets the AArch32 SCTLR (reset 0x00C50078 on a Cortex-A15): SCTLR_EL1's AArch64 RES1 bits
            // (ITD, TSCXT, ...) are not the AArch32 register's (DDI0487 G8.2.126).
            ResetAArch32Sctlr((uint)value);
            return;
        }

        WriteValue(cpu, row, value);
    }

    private static SystemRegisterDefinition AgentRow(SystemRegisterEncoding encoding)
    {
        SystemRegisterDefinition? row = SystemRegisterTable.Find(encoding.Key);
        if (row is null || row.Kind == SystemRegisterKind.Instruction)
        {
            throw new EngineException($"{encoding} is not a System register the engine implements.");
        }

        return row;
    }
}
