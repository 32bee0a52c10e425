namespace Armvisor.Engine;

/// <summary>
/// A host debugger's watchpoint on the virtual range [<paramref name="Address"/>, <paramref name="Address"/> +
/// <paramref name="Length"/>) of the current translation regime (<see cref="IVcpuDebug.SetWatchpoints"/>).
/// </summary>
public readonly record struct DebugWatchpoint(ulong Address, ulong Length, DebugWatchpointKind Kind);
