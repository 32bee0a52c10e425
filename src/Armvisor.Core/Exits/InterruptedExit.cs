namespace Armvisor.Core;

/// <summary><see cref="Vcpu.RequestExit"/> was honoured; the VMM checks its commands and runs again.</summary>
public sealed record InterruptedExit : VmExit
{
    public static InterruptedExit Instance { get; } = new();
}
