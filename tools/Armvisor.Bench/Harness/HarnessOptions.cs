namespace Armvisor.Bench.Harness;

/// <summary>How <see cref="BareMetalHarness"/> runs a guest.</summary>
/// <param name="InstructionBudget">Stop with <see cref="HarnessOutcome.TimedOut"/> after this many retired instructions.</param>
/// <param name="WallClockLimit">Stop with <see cref="HarnessOutcome.TimedOut"/> after this much host time.</param>
/// <param name="InjectExternalAbortOnUnmapped">
/// An access outside RAM and the UART becomes a synchronous external abort in the guest, as QEMU's virt board does
/// for unassigned addresses; when false it ends the run with a diagnostic.
/// </param>
/// <param name="Console">Receives each byte the guest prints, as it prints it (null: collect only).</param>
public sealed record HarnessOptions(
    ulong InstructionBudget = 20_000_000_000,
    TimeSpan? WallClockLimit = null,
    bool InjectExternalAbortOnUnmapped = false,
    TextWriter? Console = null)
{
    public TimeSpan EffectiveWallClockLimit => WallClockLimit ?? TimeSpan.FromMinutes(5);
}
