using Armvisor.Engine.Tlb;
using Armvisor.Memory;
using Armvisor.Engine.Execution;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The interpreter's VM (HVF's <c>hv_vm_*</c>): the stage-2 map from IPA to host memory shared by all vCPUs, the code
/// page tracking behind self-modifying-code detection, the shared counter, the exclusive-pair lock and the broadcast
/// of TLB maintenance and events (TLBI *IS, SEV) to the other vCPUs.
/// </summary>
public sealed partial class InterpreterPartition : IEnginePartition, IEnginePartitionState
{
    private readonly object _gate = new();
    private volatile RamMapping[] _mappings = [];
    private volatile InterpreterVcpu[] _vcpus = [];
    private bool _disposed;

    public InterpreterPartition(PartitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CounterFrequency == 0)
        {
            throw new EngineException("CounterFrequency must be non-zero");
        }

        Options = options;
        Tier = options.Tier ?? ConfiguredTier;
        if (Tier == EngineTier.Interpreter)
        {
            CompileThreshold = 0;
        }

        if (options.Deterministic)
        {
            DeterministicCounter = new DeterministicCounterSource(options.CounterFrequency);
            Counter = DeterministicCounter;
        }
        else
        {
            Counter = new HostCounterSource(options.CounterFrequency);
        }
    }

    public PartitionOptions Options { get; }

    public ulong CounterFrequency => Options.CounterFrequency;

    /// <summary>The system counter shared by every vCPU (host time, or retired instructions in deterministic mode).</summary>
    internal ICounterSource Counter { get; }

    /// <summary>The counter when <see cref="PartitionOptions.Deterministic"/>: vCPUs advance it by the instructions they retire.</summary>
    internal DeterministicCounterSource? DeterministicCounter { get; }

    /// <summary>Block executions before a block is compiled by <see cref="Execution.BlockCompiler"/>; 0 keeps every block interpreted.</summary>
    internal int CompileThreshold { get; set; } = Execution.BlockCompiler.ConfiguredThreshold;

    /// <summary>
    /// The highest execution tier of the vCPUs created from now on: <see cref="PartitionOptions.Tier"/>, else the
    /// environment variable ARMVISOR_ENGINE_TIER (interpreter, compiled, native), else <see cref="EngineTier.Native"/>.
    /// </summary>
    internal EngineTier Tier { get; set; }

    /// <summary>Executions of a block before the native tier translates it (tests use 1: translated at the first run).</summary>
    internal int NativeThreshold { get; set; } = ConfiguredNativeThreshold;

    /// <summary>ARMVISOR_ENGINE_NATIVE_THRESHOLD (1 or more; 1 translates every block at its first run), else the second run.</summary>
    internal static int ConfiguredNativeThreshold { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("ARMVISOR_ENGINE_NATIVE_THRESHOLD"), out int value) && value >= 1
            ? value
            : Native.NativeTier.DefaultThreshold;

    /// <summary>ARMVISOR_ENGINE_TIER, else the native tier (which falls back to the compiled tier on a host it does not support).</summary>
    internal static EngineTier ConfiguredTier { get; } =
        Enum.TryParse(Environment.GetEnvironmentVariable("ARMVISOR_ENGINE_TIER"), ignoreCase: true, out EngineTier tier) && Enum.IsDefined(tier)
            ? tier
            : EngineTier.Native;

    /// <summary>Hot blocks are compiled on a background thread (the default) rather than on the vCPU thread that found them hot.</summary>
    internal bool CompileInBackground { get; set; } = true;

    /// <summary>Serialises 128-bit exclusive pair stores (STXP), which have no host compare-and-swap.</summary>
    internal object ExclusivePairLock { get; } = new();

    internal InterpreterVcpu[] Vcpus => _vcpus;

    public void MapRam(GuestRam ram, Stage2Permissions permissions)
    {
        ArgumentNullException.ThrowIfNull(ram);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_gate)
        {
            foreach (RamMapping existing in _mappings)
            {
                if (existing.Ram.Range.Overlaps(ram.Range))
                {
                    throw new EngineException($"RAM {ram.Range} overlaps the mapping {existing.Ram.Range}");
                }
            }

            var next = new RamMapping[_mappings.Length + 1];
            _mappings.CopyTo(next, 0);
            next[^1] = new RamMapping(ram, permissions);
            Array.Sort(next, static (a, b) => a.Start.CompareTo(b.Start));
            _mappings = next;
        }

        FlushAllVcpus();
    }

    public void Unmap(GuestPhysicalAddress start)
    {
        lock (_gate)
        {
            int index = Array.FindIndex(_mappings, m => m.Start == start.Value);
            if (index < 0)
            {
                throw new EngineException($"no RAM mapping starts at {start}");
            }

            var next = new RamMapping[_mappings.Length - 1];
            Array.Copy(_mappings, 0, next, 0, index);
            Array.Copy(_mappings, index + 1, next, index, next.Length - index);
            _mappings = next;
        }

        FlushAllVcpus();
    }

    public IVcpuEngine CreateVcpu(int index, ulong mpidr)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_gate)
        {
            foreach (InterpreterVcpu existing in _vcpus)
            {
                if (existing.Index == index)
                {
                    throw new EngineException($"vCPU {index} already exists");
                }
            }

            var vcpu = new InterpreterVcpu(this, index, mpidr);
            var next = new InterpreterVcpu[_vcpus.Length + 1];
            _vcpus.CopyTo(next, 0);
            next[^1] = vcpu;
            _vcpus = next;
            return vcpu;
        }
    }

    /// <summary>CNTPCT_EL0: host time scaled to <see cref="CounterFrequency"/>, or in deterministic mode one tick per retired instruction.</summary>
    public ulong ReadCounter() => Counter.Read();

    /// <summary>
    /// Tells the engine that the host (a loader, a DMA-capable device model) wrote guest RAM in <paramref name="range"/>:
    /// blocks decoded from those pages become stale. Guest stores are tracked by the engine itself.
    /// </summary>
    public void InvalidateCode(AddressRange range)
    {
        ulong first = range.Start.Value & InterpreterConstants.PageMask;
        for (ulong page = first; page < range.End.Value; page += InterpreterConstants.PageSize)
        {
            RamMapping? mapping = FindMapping(page);
            if (mapping != null)
            {
                Interlocked.Increment(ref mapping.CodeVersion[mapping.PageIndex(page)]);
            }
        }
    }

    /// <summary>The mapping that holds <paramref name="ipa"/>, or null (an IPA outside RAM: a stage-2 fault).</summary>
    internal RamMapping? FindMapping(ulong ipa)
    {
        RamMapping[] mappings = _mappings;
        int lo = 0, hi = mappings.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            RamMapping m = mappings[mid];
            if (ipa < m.Start)
            {
                hi = mid - 1;
            }
            else if (ipa - m.Start >= m.Length)
            {
                lo = mid + 1;
            }
            else
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>A page became code: every other vCPU must stop writing it through its TLB fast path.</summary>
    internal void OnCodePageMarked(InterpreterVcpu source, ulong physicalPage)
    {
        foreach (InterpreterVcpu vcpu in _vcpus)
        {
            if (vcpu != source)
            {
                vcpu.RequestWriteTlbInvalidation(physicalPage);
            }
        }
    }

    /// <summary>TLBI ...IS: the other vCPUs of the inner shareable domain drop the entry (or everything when <paramref name="all"/>).</summary>
    internal void BroadcastTlbInvalidation(InterpreterVcpu source, ulong virtualAddress, bool all)
    {
        foreach (InterpreterVcpu vcpu in _vcpus)
        {
            if (vcpu != source)
            {
                source.AwaitTlbCompletion(vcpu, vcpu.RequestTlbInvalidation(virtualAddress, all));
            }
        }
    }

    /// <summary>SEV, or a global exclusive monitor cleared: sets every vCPU's event register (DDI0487 D1.16.1).</summary>
    internal void SendEvent()
    {
        foreach (InterpreterVcpu vcpu in _vcpus)
        {
            vcpu.SignalEvent();
        }
    }

    internal void RemoveVcpu(InterpreterVcpu vcpu)
    {
        lock (_gate)
        {
            _vcpus = Array.FindAll(_vcpus, v => v != vcpu);
        }
    }

    private void FlushAllVcpus()
    {
        foreach (InterpreterVcpu vcpu in _vcpus)
        {
            vcpu.RequestTlbInvalidation(0, all: true);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (InterpreterVcpu vcpu in _vcpus)
        {
            vcpu.Dispose();
        }

        _mappings = [];
    }
}
