using System.Globalization;
using System.Text;

namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// Writes a cpio archive in the "new ASCII" (newc, magic 070701) format the Linux initramfs unpacker reads
/// (Documentation/driver-api/early-userspace/buffer-format.rst; cpio(5)). Each entry is a 110-byte header of
/// thirteen 8-digit hex fields, the NUL-terminated name padded to 4 bytes, then the data padded to 4 bytes; the
/// archive ends with the entry <c>TRAILER!!!</c>. Entries carry a fixed mtime and owner root, so the same input
/// always gives the same bytes.
/// </summary>
public sealed class CpioNewcWriter : IDisposable
{
    public const string Magic = "070701";
    public const string TrailerName = "TRAILER!!!";

    // st_mode file types (POSIX <sys/stat.h>).
    public const uint TypeDirectory = 0x4000;   // S_IFDIR 0040000
    public const uint TypeRegular = 0x8000;     // S_IFREG 0100000
    public const uint TypeSymlink = 0xA000;     // S_IFLNK 0120000
    public const uint TypeCharDevice = 0x2000;  // S_IFCHR 0020000

    private const int HeaderSize = 110;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private uint _nextInode = 1;
    private long _position;
    private bool _finished;

    public CpioNewcWriter(Stream output, bool leaveOpen = false, uint modificationTime = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _leaveOpen = leaveOpen;
        ModificationTime = modificationTime;
    }

    /// <summary>The mtime (seconds since the epoch) every entry gets.</summary>
    public uint ModificationTime { get; }

    /// <summary>Bytes written so far.</summary>
    public long Length => _position;

    /// <summary>Adds a directory. <paramref name="path"/> is relative ("bin", "lib/modules"); its parent must be in the archive already.</summary>
    public void AddDirectory(string path, uint permissions = 0x1ED /* 0755 */) =>
        AddEntry(path, TypeDirectory | permissions, nlink: 2, [], 0, 0);

    /// <summary>Adds a regular file with <paramref name="contents"/>.</summary>
    public void AddFile(string path, ReadOnlySpan<byte> contents, uint permissions = 0x1A4 /* 0644 */) =>
        AddEntry(path, TypeRegular | permissions, nlink: 1, contents, 0, 0);

    /// <summary>Adds a symbolic link whose data is its target (as cpio and the kernel's unpacker expect).</summary>
    public void AddSymlink(string path, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        AddEntry(path, TypeSymlink | 0x1FF /* 0777 */, nlink: 1, Encoding.UTF8.GetBytes(target), 0, 0);
    }

    /// <summary>Adds a character device node (e.g. /dev/console, 5:1), which needs no privilege inside an archive.</summary>
    public void AddCharDevice(string path, uint major, uint minor, uint permissions = 0x180 /* 0600 */) =>
        AddEntry(path, TypeCharDevice | permissions, nlink: 1, [], major, minor);

    /// <summary>Writes the trailer entry. The archive is complete after this.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        WriteEntry(TrailerName, ino: 0, mode: 0, nlink: 1, [], 0, 0);
        _finished = true;
        _output.Flush();
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    private void AddEntry(string path, uint mode, uint nlink, ReadOnlySpan<byte> data, uint rdevMajor, uint rdevMinor)
    {
        if (_finished)
        {
            throw new InvalidOperationException("cpio: the archive is already finished");
        }

        string name = CheckName(path);
        if (!_names.Add(name))
        {
            throw new ArgumentException($"cpio: '{name}' is already in the archive", nameof(path));
        }

        WriteEntry(name, _nextInode++, mode, nlink, data, rdevMajor, rdevMinor);
    }

    private string CheckName(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string name = path.TrimStart('/');
        string[] parts = name.Split('/');
        if (name.Length == 0 || parts.Any(p => p is "" or "." or "..") || name == TrailerName)
        {
            throw new ArgumentException($"cpio: bad entry name '{path}' (relative, no empty, '.' or '..' parts)", nameof(path));
        }

        string parent = string.Join('/', parts[..^1]);
        if (parent.Length > 0 && !_names.Contains(parent))
        {
            throw new ArgumentException($"cpio: the directory '{parent}' of '{name}' must be added first", nameof(path));
        }

        return name;
    }

    private void WriteEntry(string name, uint ino, uint mode, uint nlink, ReadOnlySpan<byte> data, uint rdevMajor, uint rdevMinor)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var header = new StringBuilder(HeaderSize);
        header.Append(Magic);
        foreach (uint field in (ReadOnlySpan<uint>)[
                     ino, mode, 0 /* uid */, 0 /* gid */, nlink, ModificationTime, checked((uint)data.Length),
                     0 /* devmajor */, 0 /* devminor */, rdevMajor, rdevMinor, (uint)nameBytes.Length, 0 /* check */])
        {
            header.Append(field.ToString("X8", CultureInfo.InvariantCulture));
        }

        Write(Encoding.ASCII.GetBytes(header.ToString()));
        Write(nameBytes);
        Pad();
        Write(data);
        Pad();
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
        _position += bytes.Length;
    }

    private void Pad()
    {
        int padding = (int)((4 - (_position & 3)) & 3);
        Write(stackalloc byte[padding]);
    }
}
