using System.IO.Hashing;
using System.Text;

namespace Armvisor.Vmm.Snapshots;

/// <summary>Writes a snapshot file (<see cref="SnapshotFormat"/>): the header, then sections as they are added.</summary>
internal sealed class SnapshotWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly List<(string Tag, byte[] Payload)> _sections = [];

    public SnapshotWriter(Stream stream) => _stream = stream;

    /// <summary>Adds a section whose payload <paramref name="write"/> produces.</summary>
    public void Add(string tag, Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        _sections.Add((tag, buffer.ToArray()));
    }

    public void Add(string tag, byte[] payload) => _sections.Add((tag, payload));

    /// <summary>Writes the header and every section, then END_.</summary>
    public long Finish()
    {
        _sections.Add((SnapshotFormat.End, []));
        using var writer = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(SnapshotFormat.Magic);
        writer.Write(SnapshotFormat.Version);
        byte[] version = Encoding.UTF8.GetBytes(SnapshotFormat.ArmvisorVersion);
        writer.Write((ushort)version.Length);
        writer.Write(version);
        writer.Write(_sections.Count);
        foreach ((string tag, byte[] payload) in _sections)
        {
            writer.Write(SnapshotFormat.TagBytes(tag));
            writer.Write((ulong)payload.Length);
            writer.Write(XxHash3.HashToUInt64(payload));
            writer.Write(payload);
        }

        writer.Flush();
        return _stream.Position;
    }

    public void Dispose() => _sections.Clear();
}
