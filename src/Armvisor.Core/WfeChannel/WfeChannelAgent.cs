using Armvisor.Memory;

namespace Armvisor.Core.WfeChannel;

/// <summary>
/// The agent side of the WFE channel (patents.md §1(a) steps 3–6): on a trapped WFE it reads the request, and when
/// it matches a command it consumes the WFE and answers; anything else stays an ordinary WFE. Pure register logic,
/// so every rule is testable without an engine; <see cref="Vcpu"/> moves the registers and the PC.
/// </summary>
public sealed class WfeChannelAgent
{
    /// <summary>Size of the memory-block request (claim 5): request magic, command, two arguments, then the response.</summary>
    public const int MemoryBlockSize = 64;

    private readonly WfeAgentKind _kind;
    private readonly WfeChannelPolicy _policy;
    private readonly WatchdogService? _watchdogs;
    private readonly Func<WfeAgentKind?> _underlyingMonitor;
    private readonly Prda.PrdaConfiguration? _prda;
    private readonly Action<int>? _yield;
    private long _requestsServed;

    /// <param name="kind">Which agent this is.</param>
    /// <param name="policy">What the VM's configuration allows.</param>
    /// <param name="watchdogs">The VM's watchdogs; null when this agent offers none (the secure monitor).</param>
    /// <param name="underlyingMonitor">For the hypervisor: the monitor below it, if any (QUERY_SECURE_MONITOR).</param>
    /// <param name="prda">For the hypervisor: the VM's private data area alias (PRDA_INFO), if any.</param>
    /// <param name="yield">For the hypervisor: gives vCPU n's host thread away (YIELD); null when YIELD is not offered.</param>
    public WfeChannelAgent(WfeAgentKind kind, WfeChannelPolicy policy, WatchdogService? watchdogs, Func<WfeAgentKind?>? underlyingMonitor = null,
        Prda.PrdaConfiguration? prda = null, Action<int>? yield = null)
    {
        _prda = kind == WfeAgentKind.Hypervisor ? prda : null;
        _yield = kind == WfeAgentKind.Hypervisor ? yield : null;
        _kind = kind;
        _policy = policy;
        _watchdogs = watchdogs;
        _underlyingMonitor = underlyingMonitor ?? (() => null);
    }

    /// <summary>Requests this agent has consumed (each cost one trap).</summary>
    public long RequestsServed => Interlocked.Read(ref _requestsServed);

    /// <summary>The capabilities this agent reports.</summary>
    public WfeCapabilities Capabilities
    {
        get
        {
            var caps = WfeCapabilities.Detect | WfeCapabilities.MemoryBlock;
            if (_watchdogs is not null)
            {
                caps |= WfeCapabilities.Watchdog;
                caps |= _policy.Actions.Contains(WatchdogAction.ResetVm) ? WfeCapabilities.ActionReset : 0;
                caps |= _policy.Actions.Contains(WatchdogAction.InjectInterrupt) ? WfeCapabilities.ActionInterrupt : 0;
                caps |= _policy.Actions.Contains(WatchdogAction.LogOnly) ? WfeCapabilities.ActionLog : 0;
            }

            if (_kind == WfeAgentKind.Hypervisor)
            {
                caps |= WfeCapabilities.QuerySecureMonitor;
            }

            caps |= _prda is not null ? WfeCapabilities.PrivateDataArea : 0;
            caps |= _yield is not null ? WfeCapabilities.Yield : 0;

            return caps;
        }
    }

    private ulong IdentityBits => _kind == WfeAgentKind.Hypervisor ? WfeChannelAbi.IdentityHypervisor : WfeChannelAbi.IdentitySecureMonitor;

    /// <summary>
    /// Handles a trapped WFE issued at <paramref name="exceptionLevel"/> by vCPU <paramref name="vcpuIndex"/>.
    /// Returns true and the response registers when the WFE is a request this agent consumes; false when it must keep
    /// its architectural meaning (registers untouched).
    /// </summary>
    public bool TryHandle(int vcpuIndex, int exceptionLevel, WfeRegisters request, GuestRam? memory, out WfeRegisters response)
    {
        response = request;
        if (request.X0 == WfeChannelAbi.MemoryRequestMagic)
        {
            return TryHandleMemoryBlock(vcpuIndex, exceptionLevel, request.X1, memory, out response);
        }

        if (request.X0 != WfeChannelAbi.RequestMagic || !Admits(exceptionLevel, request.X1))
        {
            return false;
        }

        (WfeStatus status, ulong r2, ulong r3) = Execute(vcpuIndex, (WfeCommand)request.X1, request.X2, request.X3);
        response = new WfeRegisters(WfeChannelAbi.ResponseMagic, (ulong)status, r2, r3);
        Interlocked.Increment(ref _requestsServed);
        return true;
    }

    /// <summary>EL0 requests are ordinary WFEs unless the VM lets EL0 use DETECT (patents.md §1(e) test 6).</summary>
    private bool Admits(int exceptionLevel, ulong command) =>
        exceptionLevel != 0 || (_policy.AllowEl0Detect && command == (ulong)WfeCommand.Detect);

    private bool TryHandleMemoryBlock(int vcpuIndex, int exceptionLevel, ulong blockAddress, GuestRam? memory, out WfeRegisters response)
    {
        response = default;
        var address = new GuestPhysicalAddress(blockAddress);
        if (memory is null || (blockAddress & 7) != 0 || !memory.Range.Contains(address, MemoryBlockSize))
        {
            return false;
        }

        Span<byte> block = memory.GetSpan(address, MemoryBlockSize);
        ulong magic = BitConverter.ToUInt64(block[0..8]);
        ulong command = BitConverter.ToUInt64(block[8..16]);
        if (magic != WfeChannelAbi.RequestMagic || !Admits(exceptionLevel, command))
        {
            return false;
        }

        (WfeStatus status, ulong r2, ulong r3) = Execute(vcpuIndex, (WfeCommand)command,
            BitConverter.ToUInt64(block[16..24]), BitConverter.ToUInt64(block[24..32]));
        BitConverter.TryWriteBytes(block[32..40], WfeChannelAbi.ResponseMagic);
        BitConverter.TryWriteBytes(block[40..48], (ulong)status);
        BitConverter.TryWriteBytes(block[48..56], r2);
        BitConverter.TryWriteBytes(block[56..64], r3);
        response = new WfeRegisters(WfeChannelAbi.ResponseMagic, (ulong)status, r2, r3);
        Interlocked.Increment(ref _requestsServed);
        return true;
    }

    private (WfeStatus Status, ulong R2, ulong R3) Execute(int vcpuIndex, WfeCommand command, ulong argument0, ulong argument1)
    {
        switch (command)
        {
            case WfeCommand.Detect:
                return (WfeStatus.Ok, WfeChannelAbi.Identity(IdentityBits), (ulong)Capabilities);
            case WfeCommand.QuerySecureMonitor when _kind == WfeAgentKind.Hypervisor:
                return _underlyingMonitor() is not null
                    ? (WfeStatus.Ok, WfeChannelAbi.Identity(WfeChannelAbi.IdentitySecureMonitor), (ulong)(WfeCapabilities.Detect | WfeCapabilities.MemoryBlock))
                    : (WfeStatus.Ok, 0, 0);
            case WfeCommand.PrdaInfo when _prda is not null:
                return (WfeStatus.Ok, _prda.Ipa, Prda.PrdaConfiguration.Size);
            case WfeCommand.Yield when _yield is not null:
                _yield(vcpuIndex);
                return (WfeStatus.Ok, 0, 0);
            case WfeCommand.WatchdogConfig when _watchdogs is not null:
                return (Configure(vcpuIndex, timeoutMs: argument0, argument1), 0, 0);
            case WfeCommand.WatchdogPet when _watchdogs is not null:
                return (_watchdogs.Pet(vcpuIndex) ? WfeStatus.Ok : WfeStatus.NotConfigured, 0, 0);
            case WfeCommand.WatchdogDisable when _watchdogs is not null:
                return (_watchdogs.Disable(vcpuIndex) ? WfeStatus.Ok : WfeStatus.NotConfigured, 0, 0);
            default:
                return (WfeStatus.UnknownCommand, 0, 0);
        }
    }

    private WfeStatus Configure(int vcpuIndex, ulong timeoutMs, ulong actionAndScope)
    {
        var action = (WatchdogAction)(actionAndScope & 0xFF);
        bool perVcpu = (actionAndScope & 0x100) != 0;
        if ((actionAndScope & ~0x1FFUL) != 0 || !Enum.IsDefined(action))
        {
            return WfeStatus.InvalidArgument;
        }

        if (timeoutMs < _policy.MinimumTimeoutMs || timeoutMs > _policy.MaximumTimeoutMs)
        {
            return WfeStatus.InvalidArgument;
        }

        if (!_policy.Actions.Contains(action))
        {
            return WfeStatus.Denied;
        }

        _watchdogs!.Configure(vcpuIndex, perVcpu, TimeSpan.FromMilliseconds(timeoutMs), action);
        return WfeStatus.Ok;
    }
}
