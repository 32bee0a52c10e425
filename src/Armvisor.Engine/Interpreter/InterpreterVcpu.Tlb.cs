namespace Armvisor.Engine.Interpreter;

/// <summary>TLB maintenance: local flushes (TLBI, translation-control writes) and requests queued by other vCPUs.</summary>
public sealed unsafe partial class InterpreterVcpu
{
    private const int MaxQueuedPages = 32;

    private readonly object _remoteGate = new();
    private readonly List<ulong> _remotePages = [];
    private bool _remoteFlushAll;
    private readonly List<ulong> _remoteCodePages = [];

    /// <summary>Tickets of TLB maintenance requested by other vCPUs, and the last one this vCPU has applied.</summary>
    private long _tlbRequested;
    private long _tlbCompleted;

    /// <summary>Broadcast maintenance this vCPU issued whose completion its next DSB waits for: (target, ticket).</summary>
    private readonly List<(InterpreterVcpu Target, long Ticket)> _tlbWaits = [];

    /// <summary>The vCPU is executing guest code (inside <see cref="Run"/>, not waiting in WFI/WFE): only then can it hold
    /// a translation another vCPU's TLBI must wait for; otherwise it applies pending maintenance before its next block.</summary>
    private volatile bool _inGuest;

    /// <summary>Forgets every translation (TLBI VMALLE1, ASID/MMU changes).</summary>
    internal void FlushTlbLocal()
    {
        Tlb.FlushAll(_system.Registers.Dacr);
        ClearJumpCache();
    }

    /// <summary>Forgets the translations of one page (TLBI VAE1, VALE1, VAAE1...).</summary>
    internal void FlushTlbPageLocal(ulong virtualAddress)
    {
        Tlb.FlushPage(virtualAddress);
        ClearJumpCachePage(virtualAddress);
    }

    /// <summary>
    /// Any thread: TLBI ...IS from another vCPU; applied at this vCPU's next block boundary. Returns the request's
    /// ticket, which <see cref="TlbMaintenanceApplied"/> reaches once it is applied. The ticket is taken after the request
    /// is queued and before the attention bit is raised, so a vCPU that acknowledges a ticket has applied its request.
    /// </summary>
    internal long RequestTlbInvalidation(ulong virtualAddress, bool all)
    {
        lock (_remoteGate)
        {
            if (all || _remotePages.Count >= MaxQueuedPages)
            {
                _remoteFlushAll = true;
                _remotePages.Clear();
            }
            else if (!_remoteFlushAll)
            {
                _remotePages.Add(virtualAddress);
            }
        }

        long ticket = Interlocked.Increment(ref _tlbRequested);
        Interlocked.Or(ref _attention, AttentionTlb);
        return ticket;
    }

    /// <summary>The last ticket of other vCPUs' TLB maintenance this vCPU has applied (for tests).</summary>
    internal long TlbMaintenanceApplied => Volatile.Read(ref _tlbCompleted);

    /// <summary>The issuing vCPU: a TLBI ...IS was queued to <paramref name="target"/> as <paramref name="ticket"/>; its next DSB waits for it.</summary>
    internal void AwaitTlbCompletion(InterpreterVcpu target, long ticket) => _tlbWaits.Add((target, ticket));

    /// <summary>
    /// DSB: waits until every vCPU this one sent TLB maintenance to has applied it, or is not executing guest code (it
    /// applies it before its next block). While waiting it applies maintenance sent to itself, so two vCPUs that
    /// invalidate at once cannot wait for each other.
    /// </summary>
    internal void CompleteBroadcastTlbMaintenance()
    {
        if (_tlbWaits.Count == 0)
        {
            return;
        }

        var spin = new SpinWait();
        foreach ((InterpreterVcpu target, long ticket) in _tlbWaits)
        {
            while (Volatile.Read(ref target._tlbCompleted) < ticket && target._inGuest)
            {
                ApplyRemoteTlbRequests();
                spin.SpinOnce();
            }
        }

        _tlbWaits.Clear();
    }

    /// <summary>Applies the maintenance other vCPUs queued here and acknowledges it (their DSBs wait for this).</summary>
    private void ApplyRemoteTlbRequests()
    {
        if ((Volatile.Read(ref _attention) & AttentionTlb) == 0)
        {
            return;
        }

        Interlocked.And(ref _attention, ~AttentionTlb);
        long upTo = Volatile.Read(ref _tlbRequested);
        ProcessRemoteTlbRequests();
        Volatile.Write(ref _tlbCompleted, upTo);
    }

    /// <summary>Any thread: another vCPU decoded code from <paramref name="physicalPage"/>; stop fast-path writes to it.</summary>
    internal void RequestWriteTlbInvalidation(ulong physicalPage)
    {
        lock (_remoteGate)
        {
            if (_remoteCodePages.Count >= MaxQueuedPages)
            {
                _remoteFlushAll = true;
                _remoteCodePages.Clear();
            }
            else
            {
                _remoteCodePages.Add(physicalPage);
            }
        }

        Interlocked.Or(ref _attention, AttentionTlb);
    }

    private void ProcessRemoteTlbRequests()
    {
        lock (_remoteGate)
        {
            if (_remoteFlushAll)
            {
                FlushTlbLocal();
            }
            else
            {
                foreach (ulong page in _remotePages)
                {
                    FlushTlbPageLocal(page);
                }

                foreach (ulong physicalPage in _remoteCodePages)
                {
                    Tlb.FlushWritesToPhysicalPage(physicalPage);
                }
            }

            _remoteFlushAll = false;
            _remotePages.Clear();
            _remoteCodePages.Clear();
        }
    }
}
