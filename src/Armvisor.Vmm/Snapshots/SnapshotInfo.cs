namespace Armvisor.Vmm.Snapshots;

/// <summary>What a save or restore did, for the control API's reply and the benchmark.</summary>
/// <param name="Path">The snapshot file.</param>
/// <param name="FileBytes">Its size.</param>
/// <param name="RamBytes">Guest RAM size.</param>
/// <param name="NonZeroPages">4 KiB pages stored (the others were zero); -1 when restoring.</param>
/// <param name="Elapsed">Wall time of the save (vCPUs paused to file written) or the restore (file read to machine ready).</param>
public sealed record SnapshotInfo(string Path, long FileBytes, ulong RamBytes, long NonZeroPages, TimeSpan Elapsed);
