using Armvisor.Engine;

namespace Armvisor.Vmm.Gdb;

/// <summary>
/// Why the machine stopped for the debugger: the vCPU (0-based) that caused it, the signal gdb is told (5 SIGTRAP,
/// 2 SIGINT) and, for a watchpoint stop, which kind of watchpoint at which address.
/// </summary>
public readonly record struct GdbStopEvent(int Vcpu, int Signal, DebugWatchpointKind? Watch = null, ulong WatchAddress = 0);
