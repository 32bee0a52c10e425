using Microsoft.Win32.SafeHandles;

namespace Armvisor.Devices.Virtio.Block;

/// <summary>A raw disk image: guest byte N is file byte N.</summary>
public sealed class RawFileStorage : IBlockStorage
{
    private readonly SafeFileHandle _file;

    public RawFileStorage(string path, bool readOnly)
    {
        _file = File.OpenHandle(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite, readOnly ? FileShare.Read : FileShare.None);
        IsReadOnly = readOnly;
    }

    public long Length => RandomAccess.GetLength(_file);

    public bool IsReadOnly { get; }

    public void Read(long offset, Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int read = RandomAccess.Read(_file, destination[done..], offset + done);
            if (read == 0)
            {
                throw new IOException($"short read at {offset + done}");
            }

            done += read;
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> source) => RandomAccess.Write(_file, source, offset);

    public void Flush() => RandomAccess.FlushToDisk(_file);

    public void Dispose() => _file.Dispose();
}
