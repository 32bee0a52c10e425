using Microsoft.Extensions.Logging;

namespace Armvisor.Core;

/// <summary>
/// The EL3 agent: a secure monitor in C# serving SMC calls (PSCI over the SMC conduit, DEN0022D §5) and, with
/// SCR_EL3.TWE set, the WFE channel when no hypervisor claims it.
/// </summary>
internal sealed class SecureMonitor
{
    private readonly Vm _vm;
    private readonly ILogger _logger;

    public SecureMonitor(Vm vm, ILogger logger)
    {
        _vm = vm;
        _logger = logger;
    }

    /// <summary>Serves an SMC from <paramref name="caller"/>.</summary>
    public SmcccResult HandleSmc(Vcpu caller, uint functionId, ulong x1, ulong x2, ulong x3)
    {
        _logger.LogTrace("vCPU {Index}: SMC 0x{Function:X8}", caller.Index, functionId);
        return _vm.Psci.Handle(caller, functionId, x1, x2, x3);
    }
}
