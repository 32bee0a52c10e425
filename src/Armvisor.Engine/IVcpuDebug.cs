namespace Armvisor.Engine;

/// <summary>
/// The host debugger's control of one vCPU (what a GDB stub needs; KVM's <c>KVM_SET_GUEST_DEBUG</c>): breakpoints and
/// single-step that stop <see cref="IVcpuEngine.Run"/> with <see cref="EngineExitReason.DebugStop"/> on every engine tier,
/// and memory access through the vCPU's current translation. Invisible to the guest. Call only while the vCPU is not
/// inside <see cref="IVcpuEngine.Run"/> (the debugger holds the machine stopped).
/// </summary>
public interface IVcpuDebug
{
    /// <summary>
    /// Replaces the set of breakpoint addresses (virtual addresses in the current translation regime): Run stops before
    /// executing an instruction at one of them, whether it would start a block or lie inside one.
    /// </summary>
    void SetBreakpoints(IReadOnlyCollection<ulong> addresses);

    /// <summary>
    /// Replaces the host debugger's watchpoints. An access that overlaps one (a store for <see cref="DebugWatchpointKind.Write"/>,
    /// a load for <see cref="DebugWatchpointKind.Read"/>, either for <see cref="DebugWatchpointKind.Access"/>) stops Run
    /// before the instruction has any effect (PC at it) with a <see cref="EngineExitReason.DebugStop"/> of the matching
    /// watchpoint kind and the watchpoint's address in <see cref="EngineExit.FaultVirtualAddress"/>. Pages without a
    /// watched byte keep the fast path.
    /// </summary>
    void SetWatchpoints(IReadOnlyCollection<DebugWatchpoint> watchpoints);

    /// <summary>
    /// When true, each <see cref="IVcpuEngine.Run"/> executes exactly one instruction (interpreted) and returns a
    /// <see cref="DebugStopKind.Step"/> stop, unless that instruction leaves Run with an exit of its own. IRQ and FIQ
    /// are not taken while stepping (QEMU's default <c>SSTEP_NOIRQ</c>), so a step does not land in a vector.
    /// </summary>
    bool SingleStep { get; set; }

    /// <summary>
    /// Reads guest memory at virtual address <paramref name="address"/> as the vCPU sees it now (stage 1 if enabled, then
    /// stage 2), without faults, permission checks or side effects; returns how many bytes could be read (0 when the
    /// first byte is not mapped to RAM).
    /// </summary>
    int ReadVirtualMemory(ulong address, Span<byte> buffer);

    /// <summary>Writes guest memory like <see cref="ReadVirtualMemory"/> reads it; decoded code in the pages written is invalidated.</summary>
    int WriteVirtualMemory(ulong address, ReadOnlySpan<byte> data);
}
