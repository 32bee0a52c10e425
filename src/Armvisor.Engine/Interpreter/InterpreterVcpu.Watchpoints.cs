using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// Watchpoints on the data path, the guest's (DBGWCR/WVR) and the host debugger's (<see cref="IVcpuDebug.SetWatchpoints"/>)
/// alike. Ordinary code pays nothing: the fast path is untouched; a soft-TLB entry filled for a page that holds a watched
/// byte carries <see cref="TlbEntry.Watched"/>, so every access to that page takes the slow path, which compares it
/// with <see cref="CheckWatchpoints"/> before performing it. Changing the comparators flushes the soft TLB.
/// <para>
/// A host watchpoint stops before the access, as QEMU's gdb watchpoints do on Arm (its CPU class sets
/// <c>gdb_stop_before_watchpoint</c>; gdb's aarch64 target has non-steppable watchpoints and steps over the instruction
/// itself): the instruction is abandoned without an effect, PC stays at it and Run returns the watchpoint stop.
/// </para>
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private WatchComparator[] _hostWatchpoints = [];

    /// <summary>Every comparator the slow path checks; null when there is none (the common case: no check at all).</summary>
    private WatchComparator[]? _watchComparators;

    void IVcpuDebug.SetWatchpoints(IReadOnlyCollection<DebugWatchpoint> watchpoints)
    {
        ArgumentNullException.ThrowIfNull(watchpoints);
        _hostWatchpoints = [.. watchpoints.Where(w => w.Length > 0).Select(w => new WatchComparator(
            w.Address, w.Address + w.Length,
            Loads: w.Kind != DebugWatchpointKind.Write, Stores: w.Kind != DebugWatchpointKind.Read, El0: true, El1: true, w))];
        RebuildWatchComparators();
    }

    private void RebuildWatchComparators()
    {
        WatchComparator[] all = [.. _hostWatchpoints, .. _guestWatchpoints];
        _watchComparators = all.Length == 0 ? null : all;
        // Entries filled before do not carry the Watched flag the new comparators need (or carry a stale one).
        FlushTlbLocal();
    }

    /// <summary>For <see cref="Fill"/>: the virtual page holds a watched byte, so its read and write tags get <see cref="TlbEntry.Watched"/>.</summary>
    private bool IsWatchedPage(ulong page)
    {
        foreach (WatchComparator w in _watchComparators!)
        {
            if (w.TouchesPage(page))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The slow path's watchpoint check of an access of <paramref name="size"/> bytes at <paramref name="va"/>, made after
    /// it translated and before it happens; false when the instruction must not go on (a host watchpoint matched: the
    /// instruction is abandoned with the debug stop as the exit; or a guest Watchpoint exception was raised). The host
    /// debugger's watchpoints come first: they are invisible to the guest.
    /// Unprivileged accesses (LDTR/STTR, the EL0 regime) match as EL0 accesses (D2.10.4).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool CheckWatchpoints(ulong va, int size, bool write, TlbRegime regime, DecodedInstruction* d, bool cacheMaintenance = false)
    {
        if (d == null || State.AArch32 || _watchComparators is not { } comparators)
        {
            return true;
        }

        bool el0 = regime == TlbRegime.El0;
        foreach (WatchComparator w in comparators)
        {
            if (w.Host is not { } host || cacheMaintenance || !w.Overlaps(va, size) || !(write ? w.Stores : w.Loads))
            {
                continue;
            }

            // Abandon the instruction without an effect (as an abort would): PC stays at it.
            Retired--;
            State.Pc = d->Pc;
            DebugStopKind kind = host.Kind switch
            {
                DebugWatchpointKind.Read => DebugStopKind.ReadWatchpoint,
                DebugWatchpointKind.Access => DebugStopKind.AccessWatchpoint,
                _ => DebugStopKind.WriteWatchpoint,
            };
            SetExit(new EngineExit(EngineExitReason.DebugStop, 0, default, host.Address, default, DebugStop: kind));
            return false;
        }

        foreach (WatchComparator w in comparators)
        {
            if (w.Host is not null || !w.Overlaps(va, size) || !(write ? w.Stores : w.Loads) || !(el0 ? w.El0 : w.El1))
            {
                continue;
            }

            if (!_system.Exceptions.DebugExceptionsEnabled(State, out bool toEl2))
            {
                return true;
            }

            RaiseWatchpoint(w, va, write, cacheMaintenance, toEl2, d);
            return false;
        }

        return true;
    }

    /// <summary>
    /// DC IVAC by VA: the architecture permits it to generate a watchpoint, as a store with ESR.CM = 1 (D2.10.5); this
    /// PE does, over the 64-byte cache line (CTR_EL0.DminLine = 4). False when a Watchpoint exception was raised.
    /// </summary>
    internal bool CheckCacheMaintenanceWatchpoint(ulong va, DecodedInstruction* d)
    {
        const ulong lineBytes = 64;
        return _watchComparators is null || CheckWatchpoints(va & ~(lineBytes - 1), (int)lineBytes, write: true, _dataRegime, d, cacheMaintenance: true);
    }
}
