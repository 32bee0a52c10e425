using Armvisor.Arm64;
using Microsoft.Extensions.Logging;

namespace Armvisor.Core;

/// <summary>
/// PSCI 1.1 (Arm DEN0022D) for the VM's vCPUs, shared by both conduits: the hypervisor core serves it on HVC, the
/// secure monitor on SMC. Power state lives on each <see cref="Vcpu"/>; this class applies the state machine of
/// DEN0022D §5.1 (CPU_ON/CPU_OFF/AFFINITY_INFO) and the SMCCC arch calls Linux probes (DEN0028 §7).
/// </summary>
internal sealed class PsciService
{
    /// <summary>PSCI 1.1 (major in [31:16], minor in [15:0]).</summary>
    public const uint Version = 0x0001_0001;

    /// <summary>SMCCC 1.1.</summary>
    public const uint SmcccVersion = 0x0001_0001;

    private readonly Vm _vm;
    private readonly ILogger _logger;

    public PsciService(Vm vm, ILogger logger)
    {
        _vm = vm;
        _logger = logger;
    }

    /// <summary>Serves one SMCCC call made by <paramref name="caller"/> with arguments X1..X3.</summary>
    public SmcccResult Handle(Vcpu caller, uint functionId, ulong x1, ulong x2, ulong x3)
    {
        // SMC32/HVC32 calls use only the low 32 bits of their arguments (DEN0028 §3.1).
        bool is64 = (functionId & 0x4000_0000) != 0;
        if (!is64)
        {
            x1 = (uint)x1;
            x2 = (uint)x2;
            x3 = (uint)x3;
        }

        switch (functionId)
        {
            case (uint)PsciFunction.Version:
                return new SmcccResult(Version);
            case (uint)PsciFunction.CpuOn32:
            case (uint)PsciFunction.CpuOn64:
                return SmcccResult.FromPsci(CpuOn(mpidr: x1, entry: x2, contextId: x3));
            case (uint)PsciFunction.CpuOff:
                caller.PowerOff();
                return SmcccResult.FromPsci(PsciReturnCode.Success);
            case (uint)PsciFunction.AffinityInfo32:
            case (uint)PsciFunction.AffinityInfo64:
                return AffinityInfo(x1, x2);
            case (uint)PsciFunction.MigrateInfoType:
                // 2: no Trusted OS present or migration not required (DEN0022D §5.8).
                return new SmcccResult(2);
            case (uint)PsciFunction.SystemOff:
                return new SmcccResult(0, Event: SystemEvent.PowerOff);
            case (uint)PsciFunction.SystemReset:
                return new SmcccResult(0, Event: SystemEvent.Reset);
            case (uint)PsciFunction.Features:
                return Features((uint)x1);
            case (uint)PsciFunction.CpuSuspend32:
            case (uint)PsciFunction.CpuSuspend64:
                // Standby power states return on any wake-up event; a WFI is exactly that (DEN0022D §5.4.2).
                return SmcccResult.FromPsci(PsciReturnCode.Success);
            case SmcccFunctionId.SmcccVersion:
                return new SmcccResult(SmcccVersion);
            case SmcccFunctionId.SmcccArchFeatures:
                return ArchFeatures((uint)x1);
            case SmcccFunctionId.ArchWorkaround1:
            case SmcccFunctionId.ArchWorkaround2:
            case SmcccFunctionId.ArchWorkaround3:
                return new SmcccResult(0);
            default:
                _logger.LogDebug("vCPU {Index}: SMCCC function 0x{Function:X8} not supported", caller.Index, functionId);
                return SmcccResult.NotSupported;
        }
    }

    private PsciReturnCode CpuOn(ulong mpidr, ulong entry, ulong contextId)
    {
        Vcpu? target = _vm.FindVcpuByMpidr(mpidr);
        if (target is null)
        {
            return PsciReturnCode.InvalidParameters;
        }

        // The entry point must be a valid address for the target's execution state: 4-byte aligned (DEN0022D §5.1.4).
        if ((entry & 3) != 0)
        {
            return PsciReturnCode.InvalidAddress;
        }

        return target.TryPowerOn(entry, contextId);
    }

    private SmcccResult AffinityInfo(ulong targetAffinity, ulong lowestAffinityLevel)
    {
        if (lowestAffinityLevel != 0)
        {
            // Only level 0 (individual PEs) is meaningful on this machine; higher levels are treated as the cluster of all.
            bool anyOn = _vm.Vcpus.Any(v => v.PowerState != VcpuPowerState.Off);
            return new SmcccResult((ulong)(anyOn ? VcpuPowerState.On : VcpuPowerState.Off));
        }

        Vcpu? target = _vm.FindVcpuByMpidr(targetAffinity);
        return target is null
            ? SmcccResult.FromPsci(PsciReturnCode.InvalidParameters)
            : new SmcccResult((ulong)target.PowerState);
    }

    private static SmcccResult Features(uint functionId) => functionId switch
    {
        (uint)PsciFunction.Version or (uint)PsciFunction.CpuOn32 or (uint)PsciFunction.CpuOn64
            or (uint)PsciFunction.CpuOff or (uint)PsciFunction.AffinityInfo32 or (uint)PsciFunction.AffinityInfo64
            or (uint)PsciFunction.MigrateInfoType or (uint)PsciFunction.SystemOff or (uint)PsciFunction.SystemReset
            or (uint)PsciFunction.Features or SmcccFunctionId.SmcccVersion => new SmcccResult(0),
        // CPU_SUSPEND feature flags: original power-state format, no OS-initiated mode (DEN0022D §5.15.2).
        (uint)PsciFunction.CpuSuspend32 or (uint)PsciFunction.CpuSuspend64 => new SmcccResult(0),
        _ => SmcccResult.NotSupported,
    };

    private static SmcccResult ArchFeatures(uint functionId) => functionId switch
    {
        SmcccFunctionId.SmcccArchFeatures => new SmcccResult(0),
        // The engine does not speculate: report the Spectre workarounds as not required (DEN0028 §7.5, return 1).
        SmcccFunctionId.ArchWorkaround1 or SmcccFunctionId.ArchWorkaround3 => new SmcccResult(1),
        _ => SmcccResult.NotSupported,
    };
}
