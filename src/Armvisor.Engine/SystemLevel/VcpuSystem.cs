namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The system level of one vCPU, wired together: System registers, generic timers, exception entry/return and the
/// stage-1 walker. The interpreter builds one per vCPU and keeps it next to the vCPU's <see cref="CpuState"/>.
/// </summary>
public sealed class VcpuSystem
{
    /// <param name="identity">Partition options and this vCPU's MPIDR_EL1.</param>
    /// <param name="counter">The partition's shared system counter.</param>
    /// <param name="pageTables">Reads translation-table descriptors through stage 2.</param>
    public VcpuSystem(CpuIdentity identity, ICounterSource counter, IPageTableReader pageTables)
    {
        ArgumentNullException.ThrowIfNull(identity);
        Timers = new GenericTimers(counter, identity.Options.HasEl2);
        Registers = new SystemRegisterFile(identity, Timers);
        Exceptions = new ExceptionEntry(Registers);
        Walker = new TranslationWalker(Registers, pageTables);
    }

    public SystemRegisterFile Registers { get; }

    public GenericTimers Timers { get; }

    public ExceptionEntry Exceptions { get; }

    public TranslationWalker Walker { get; }
}
