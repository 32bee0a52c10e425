namespace Armvisor.Engine.Interpreter;

/// <summary>TLB maintenance: local flushes (TLBI, translation-control writes) and requests queued by other vCPUs.</summary>
public sealed unsafe partial class InterpreterVcpu
{
    private const int MaxQueuedPages = 32;

    private readonly object _remoteGate = new();
    private readonly List<ulong> _remotePages = [];
    private bool _remoteFlushAll;
    private readonly List<ulong> _remoteCodePages = [];

    /// <summary>Forgets every translation (TLBI VMALLE1, ASID/MMU changes).</summary>
    internal void FlushTlbLocal()
    {
        Tlb.FlushAll();
        ClearJumpCache();
    }

    /// <summary>Forgets the translations of one page (TLBI VAE1, VALE1, VAAE1...).</summary>
    internal void FlushTlbPageLocal(ulong virtualAddress)
    {
        Tlb.FlushPage(virtualAddress);
        ClearJumpCachePage(virtualAddress);
    }

    /// <summary>Any thread: TLBI ...IS from another vCPU; applied at this vCPU's next block boundary.</summary>
    internal void RequestTlbInvalidation(ulong virtualAddress, bool all)
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

        Interlocked.Or(ref _attention, AttentionTlb);
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
