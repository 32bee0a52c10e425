using Armvisor.Engine;

namespace Armvisor.Core;

/// <summary>
/// The host debugger's breakpoint was reached, its single step completed or one of its watchpoints was hit
/// (<see cref="Vcpu.Debugging"/>; <paramref name="WatchAddress"/> is the watchpoint's address); the guest saw nothing.
/// </summary>
public sealed record DebugStopExit(DebugStopKind Kind, ulong WatchAddress = 0) : VmExit;
