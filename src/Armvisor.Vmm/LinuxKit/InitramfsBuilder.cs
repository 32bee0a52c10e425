using System.IO.Compression;
using System.Text;

namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// Builds the kit's initramfs: a gzip-compressed newc cpio (what CONFIG_BLK_DEV_INITRD + CONFIG_RD_GZIP unpack) with
/// busybox-static and its applet links, /init, the modules in load order, the named scripts and /dev/console.
/// The same kit and scripts always give the same bytes.
/// </summary>
public sealed class InitramfsBuilder
{
    /// <summary>Applets linked in the archive itself; /init adds every other one with <c>busybox --install -s</c>.</summary>
    public static IReadOnlyList<string> LinkedApplets { get; } =
    [
        "sh", "ash", "mount", "umount", "insmod", "cat", "echo", "grep", "tr", "cut", "uname", "dmesg", "poweroff",
        "sync", "setsid", "cttyhack", "sleep", "ls", "awk", "sed", "sort", "sha256sum", "gzip", "gunzip", "cmp", "wc",
    ];

    private static readonly string[] s_directories =
        ["bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "etc", "etc/armvisor", GuestScripts.Directory, "lib", "lib/modules",
         "mnt", "proc", "root", "sys", "tmp"];

    private readonly GuestKit _kit;
    private readonly Dictionary<string, string> _scripts = new(GuestScripts.Named, StringComparer.Ordinal);
    private readonly SortedDictionary<string, (byte[] Contents, uint Mode)> _files = new(StringComparer.Ordinal);

    public InitramfsBuilder(GuestKit kit)
    {
        ArgumentNullException.ThrowIfNull(kit);
        _kit = kit;
    }

    /// <summary>The named scripts that will be installed (the built-in ones unless replaced).</summary>
    public IReadOnlyDictionary<string, string> Scripts => _scripts;

    /// <summary>Adds (or replaces) the script <paramref name="name"/>, run by <c>armvisor.run=NAME</c>.</summary>
    public InitramfsBuilder WithScript(string name, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(text);
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ArgumentException($"script name '{name}': letters, digits, '-' and '_' only", nameof(name));
        }

        _scripts[name] = text;
        return this;
    }

    /// <summary>
    /// Adds (or replaces) a file at <paramref name="archivePath"/> (relative, e.g. <c>usr/bin/armvisor-guest</c> or
    /// <c>lib/modules/extra/armvisor_wdt.ko</c>); missing parent directories are created. <paramref name="mode"/> is
    /// the permission bits (0755 for a program). The kit's own files (/init, busybox, the scripts) cannot be replaced.
    /// </summary>
    public InitramfsBuilder WithFile(string archivePath, byte[] contents, uint mode = 0x1A4 /* 0644 */)
    {
        ArgumentException.ThrowIfNullOrEmpty(archivePath);
        ArgumentNullException.ThrowIfNull(contents);
        string[] parts = archivePath.Split('/');
        if (parts.Any(p => p is "" or "." or ".." || p.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+'))))
        {
            throw new ArgumentException($"file path '{archivePath}': relative, '/'-separated names of letters, digits, '-', '_', '.' and '+'",
                nameof(archivePath));
        }

        if (archivePath is "init" or "bin/busybox" or GuestScripts.LoadOrderFile || archivePath.StartsWith(GuestScripts.Directory + "/", StringComparison.Ordinal)
            || LinkedApplets.Any(a => archivePath == "bin/" + a) || _kit.Modules.Any(m => archivePath == $"lib/modules/{m}.ko"))
        {
            throw new ArgumentException($"file path '{archivePath}' is one of the kit's own files", nameof(archivePath));
        }

        if ((mode & ~0xFFFu) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "permission bits only (at most 07777)");
        }

        _files[archivePath] = (contents, mode);
        return this;
    }

    /// <summary>Writes the uncompressed cpio archive to <paramref name="output"/>.</summary>
    public void WriteCpio(Stream output)
    {
        using var cpio = new CpioNewcWriter(output, leaveOpen: true);
        foreach (string directory in s_directories)
        {
            cpio.AddDirectory(directory, directory == "tmp" ? 0x3FFu /* 01777 */ : 0x1EDu);
        }

        cpio.AddCharDevice("dev/console", 5, 1);
        cpio.AddCharDevice("dev/null", 1, 3, 0x1B6 /* 0666 */);
        cpio.AddFile("bin/busybox", File.ReadAllBytes(_kit.BusyboxPath), 0x1ED);
        foreach (string applet in LinkedApplets)
        {
            cpio.AddSymlink($"bin/{applet}", "busybox");
        }

        cpio.AddFile("init", Encoding.UTF8.GetBytes(GuestScripts.Init), 0x1ED);
        cpio.AddFile("etc/hostname", "armvisor\n"u8);
        foreach ((string name, string text) in _scripts.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            cpio.AddFile($"{GuestScripts.Directory}/{name}", Encoding.UTF8.GetBytes(text), 0x1ED);
        }

        foreach (string module in _kit.Modules)
        {
            cpio.AddFile($"lib/modules/{module}.ko", File.ReadAllBytes(_kit.ModulePath(module)));
        }

        cpio.AddFile(GuestScripts.LoadOrderFile, Encoding.UTF8.GetBytes(string.Concat(_kit.Modules.Select(m => m + "\n"))));
        var directories = new HashSet<string>(s_directories, StringComparer.Ordinal);
        foreach ((string path, (byte[] contents, uint mode)) in _files)
        {
            // Parents before children, each once (the kernel's initramfs unpacker does not create missing parents).
            for (int slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (directories.Add(path[..slash]))
                {
                    cpio.AddDirectory(path[..slash], 0x1ED);
                }
            }

            cpio.AddFile(path, contents, mode);
        }

        cpio.Finish();
    }

    /// <summary>Writes the gzip-compressed archive (the initrd) to <paramref name="output"/>.</summary>
    public void WriteGzip(Stream output)
    {
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        WriteCpio(gzip);
    }

    /// <summary>Writes the initrd to <paramref name="path"/> (atomically) and returns the path.</summary>
    public string WriteTo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        string temporary = path + $".tmp-{Environment.ProcessId}";
        using (FileStream file = File.Create(temporary))
        {
            WriteGzip(file);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
