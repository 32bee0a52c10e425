using Armvisor.Engine;

namespace Armvisor.Core;

/// <summary>The host debugger's breakpoint was reached or its single step completed (<see cref="Vcpu.Debugging"/>); the guest saw nothing.</summary>
public sealed record DebugStopExit(DebugStopKind Kind) : VmExit;
