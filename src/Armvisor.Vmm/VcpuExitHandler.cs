using Armvisor.Core;
using Armvisor.Devices;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>
/// The VMM's handling of the closed set of <see cref="VmExit"/>s (vmm-style.md §7.3), shared by the dedicated vCPU
/// threads (<see cref="VcpuRunner"/>) and the M:N scheduler (<see cref="Scheduling.VcpuScheduler"/>): whichever host
/// thread runs a vCPU answers its exits the same way.
/// </summary>
internal sealed class VcpuExitHandler
{
    private readonly MmioBus _bus;
    private readonly Action<GuestOutcome, string> _stop;
    private readonly ILogger _logger;
    private readonly Action<int, string> _exitWithStatus;
    private readonly Gdb.MachineDebugController? _debugger;
    private long _faults;
    private long _mmioExits;

    /// <param name="exitWithStatus">Ends the run with the guest's own status (semihosting SYS_EXIT).</param>
    /// <param name="debugger">The gdb stub's controller, told of breakpoint and step stops.</param>
    public VcpuExitHandler(MmioBus bus, Action<GuestOutcome, string> stop, ILogger logger,
        Action<int, string>? exitWithStatus = null, Gdb.MachineDebugController? debugger = null)
    {
        _bus = bus;
        _stop = stop;
        _logger = logger;
        _exitWithStatus = exitWithStatus ?? ((_, reason) => stop(GuestOutcome.GuestExitStatus, reason));
        _debugger = debugger;
    }

    /// <summary>MMIO exits handled.</summary>
    public long MmioExits => Interlocked.Read(ref _mmioExits);

    /// <summary>Answers <paramref name="exit"/> of <paramref name="vcpu"/>; false when the machine stops (a system event).</summary>
    public bool Handle(Vcpu vcpu, VmExit exit)
    {
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            _logger.LogTrace("vCPU {Index}: exit {Exit}", vcpu.Index, exit);
        }

        switch (exit)
        {
            case MmioReadExit read:
                Interlocked.Increment(ref _mmioExits);
                if (_bus.TryRead(read.Address, read.Size, out ulong value))
                {
                    vcpu.CompleteMmioRead(value);
                }
                else
                {
                    LogUndecoded(vcpu, read.Address.Value, "read");
                    vcpu.FailMmioAccess();
                }

                return true;
            case MmioWriteExit write:
                Interlocked.Increment(ref _mmioExits);
                if (_bus.TryWrite(write.Address, write.Size, write.Value))
                {
                    vcpu.CompleteMmioWrite();
                }
                else
                {
                    LogUndecoded(vcpu, write.Address.Value, "write");
                    vcpu.FailMmioAccess();
                }

                return true;
            case SystemEventExit systemEvent:
                _stop(systemEvent.Event == SystemEvent.PowerOff ? GuestOutcome.PoweredOff : GuestOutcome.Reset, systemEvent.Reason);
                return false;
            case InterruptedExit:
                return true;
            case DebugStopExit debugStop:
                _debugger?.OnDebugStop(vcpu.Index, debugStop.Kind, debugStop.WatchAddress);
                return true;
            case GuestExitStatusExit guestExit:
                _exitWithStatus(guestExit.Status, guestExit.Reason);
                return false;
            case GuestFaultExit fault:
                if (Interlocked.Increment(ref _faults) <= 20)
                {
                    _logger.LogInformation("vCPU {Index}: {Description} at PC 0x{Pc:X} ({Syndrome})", vcpu.Index, fault.Description, fault.Pc, fault.Syndrome);
                }

                return true;
            default:
                throw new System.Diagnostics.UnreachableException($"unhandled exit {exit}");
        }
    }

    private void LogUndecoded(Vcpu vcpu, ulong address, string kind)
    {
        if (Interlocked.Increment(ref _faults) <= 20)
        {
            _logger.LogInformation("vCPU {Index}: {Kind} at 0x{Address:X} decodes to no device: external abort", vcpu.Index, kind, address);
        }
    }
}
