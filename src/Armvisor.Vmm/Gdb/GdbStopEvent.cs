namespace Armvisor.Vmm.Gdb;

/// <summary>Why the machine stopped for the debugger: the vCPU (0-based) that caused it and the signal gdb is told (5 SIGTRAP, 2 SIGINT).</summary>
public readonly record struct GdbStopEvent(int Vcpu, int Signal);
