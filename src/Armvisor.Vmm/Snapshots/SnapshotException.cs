namespace Armvisor.Vmm.Snapshots;

/// <summary>
/// A snapshot file that cannot be restored: not a snapshot, truncated, corrupted (a section checksum), written by
/// another format or Armvisor version, or naming a disk that is gone. The CLI prints the message as one line and exits
/// with code 2, like any bad input.
/// </summary>
public sealed class SnapshotException : Exception
{
    public SnapshotException(string message) : base(message) { }

    public SnapshotException(string message, Exception innerException) : base(message, innerException) { }

    public SnapshotException() { }
}
