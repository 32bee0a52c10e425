using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Armvisor.Vmm.Snapshots;

/// <summary>
/// Reads and checks a whole snapshot file before anything is restored: magic, format version, Armvisor version, every
/// section's bounds and checksum, and the END_ section. Every failure is a <see cref="SnapshotException"/> that names
/// the file and what is wrong with it in one line.
/// </summary>
internal sealed class SnapshotReader
{
    private readonly Dictionary<string, ReadOnlyMemory<byte>> _sections = [];

    private SnapshotReader(string path, string version)
    {
        Path = path;
        ArmvisorVersion = version;
    }

    public string Path { get; }

    public string ArmvisorVersion { get; }

    public static SnapshotReader Open(string path)
    {
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnapshotException($"cannot read snapshot {path}: {e.Message}", e);
        }

        ReadOnlySpan<byte> span = file;
        if (span.Length < SnapshotFormat.Magic.Length + 4 || !span.StartsWith(SnapshotFormat.Magic))
        {
            throw new SnapshotException($"{path} is not an Armvisor snapshot (no ARMVSNAP magic)");
        }

        int offset = SnapshotFormat.Magic.Length;
        int format = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
        offset += 4;
        if (format != SnapshotFormat.Version)
        {
            throw new SnapshotException($"{path} is snapshot format version {format}; this Armvisor ({SnapshotFormat.ArmvisorVersion}) reads version {SnapshotFormat.Version} only");
        }

        Need(path, span, offset, 2);
        int versionLength = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
        offset += 2;
        Need(path, span, offset, versionLength + 4);
        string version = Encoding.UTF8.GetString(span.Slice(offset, versionLength));
        offset += versionLength;
        if (version != SnapshotFormat.ArmvisorVersion)
        {
            throw new SnapshotException($"{path} was saved by Armvisor {version}; this is Armvisor {SnapshotFormat.ArmvisorVersion}, which restores only its own snapshots");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
        offset += 4;
        var reader = new SnapshotReader(path, version);
        bool ended = false;
        for (int i = 0; i < count && !ended; i++)
        {
            Need(path, span, offset, 20);
            string tag = Encoding.ASCII.GetString(span.Slice(offset, 4));
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(span[(offset + 4)..]);
            ulong checksum = BinaryPrimitives.ReadUInt64LittleEndian(span[(offset + 12)..]);
            offset += 20;
            if (length > (ulong)(span.Length - offset))
            {
                throw new SnapshotException($"{path} is truncated: section {tag} needs {length} bytes, {span.Length - offset} remain");
            }

            var payload = new ReadOnlyMemory<byte>(file, offset, (int)length);
            if (XxHash3.HashToUInt64(payload.Span) != checksum)
            {
                throw new SnapshotException($"{path} is corrupted: the checksum of section {tag} does not match");
            }

            offset += (int)length;
            ended = tag == SnapshotFormat.End;
            reader._sections[tag] = payload;
        }

        if (!ended)
        {
            throw new SnapshotException($"{path} is truncated: it ends before its END_ section");
        }

        return reader;
    }

    /// <summary>The payload of section <paramref name="tag"/>.</summary>
    public ReadOnlyMemory<byte> Section(string tag) => _sections.TryGetValue(tag, out ReadOnlyMemory<byte> payload)
        ? payload
        : throw new SnapshotException($"{Path} has no {tag} section");

    /// <summary>Reads section <paramref name="tag"/> with <paramref name="read"/>; malformed data becomes a <see cref="SnapshotException"/>.</summary>
    public void Read(string tag, Action<BinaryReader> read)
    {
        ReadOnlyMemory<byte> payload = Section(tag);
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            read(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or Engine.EngineException or InvalidOperationException)
        {
            throw new SnapshotException($"{Path}: section {tag} does not fit this machine: {e.Message}", e);
        }
    }

    private static void Need(string path, ReadOnlySpan<byte> span, int offset, int bytes)
    {
        if (span.Length - offset < bytes)
        {
            throw new SnapshotException($"{path} is truncated in its header");
        }
    }
}
