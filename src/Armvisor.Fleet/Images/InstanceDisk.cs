using System.Runtime.InteropServices;
using Armvisor.Fleet.Json;

namespace Armvisor.Fleet.Images;

/// <summary>
/// An instance's boot disk: a copy-on-write copy of the master image (<c>image/</c>, hard links to the read-only
/// master files: nothing is ever written in place, so sharing is safe and verifiable), the id of the image it must
/// be (<c>image.id</c>), and a state partition. The state partition is <c>state</c>, a symlink to a generation
/// directory; installing writes a complete new generation and swaps the symlink with one rename(2), so a crash at
/// any point leaves either the master state (empty) or the complete self-configured state.
/// </summary>
public sealed class InstanceDisk
{
    public const string HostStateFile = "host-state.json";
    public const string ConfigFile = "config.json";
    public const string MarkerFile = "installed.json";

    public InstanceDisk(string root) => Root = root;

    public string Root { get; }

    public string ImagePath => Path.Combine(Root, "image");

    public string StatePath => Path.Combine(Root, "state");

    /// <summary>Per-boot runtime directory (like /run): recreated at every boot.</summary>
    public string RunPath => Path.Combine(Root, "run");

    public string ExpectedImageId => File.ReadAllText(Path.Combine(Root, MasterImage.IdFile)).Trim();

    /// <summary>Creates the disk for a new instance from <paramref name="master"/>; idempotent.</summary>
    public static InstanceDisk Create(MasterImage master, string root)
    {
        var disk = new InstanceDisk(root);
        if (File.Exists(Path.Combine(root, MasterImage.IdFile)))
        {
            return disk;
        }

        string staging = root + ".creating";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        LinkTree(master.Directory, Path.Combine(staging, "image"));
        Directory.CreateDirectory(Path.Combine(staging, "state.0"));
        File.CreateSymbolicLink(Path.Combine(staging, "state"), "state.0");
        File.WriteAllText(Path.Combine(staging, MasterImage.IdFile), master.Id + "\n");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(root))!);
        Directory.Move(staging, root);
        return disk;
    }

    /// <summary>Copies this disk, state included, as a cloud would snapshot a volume and attach it elsewhere.</summary>
    public InstanceDisk CloneTo(string root)
    {
        CopyWithoutFollowingLinks(Root, root);
        return new InstanceDisk(root);
    }

    private static void CopyWithoutFollowingLinks(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            string target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is string link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyWithoutFollowingLinks(entry.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    public InstalledMarker? ReadMarker()
    {
        string path = Path.Combine(StatePath, MarkerFile);
        return File.Exists(path) ? FleetJson.Deserialize<InstalledMarker>(File.ReadAllBytes(path)) : null;
    }

    public string ReadStateFile(string name) => File.ReadAllText(Path.Combine(StatePath, name));

    /// <summary>
    /// Installs a complete state generation atomically: files are written and fsync'd in a new generation
    /// directory, the marker last, then the <c>state</c> symlink is replaced by rename(2).
    /// </summary>
    public void InstallState(IReadOnlyDictionary<string, byte[]> files, InstalledMarker? marker)
    {
        int generation = CurrentGeneration() + 1;
        string name = $"state.{generation}";
        string directory = Path.Combine(Root, name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        foreach (var (file, content) in files)
        {
            WriteDurable(Path.Combine(directory, file), content);
        }

        if (marker is not null)
        {
            WriteDurable(Path.Combine(directory, MarkerFile), FleetJson.SerializeToUtf8(marker));
        }

        string link = Path.Combine(Root, $"state.link-{generation}");
        if (File.Exists(link) || new FileInfo(link).LinkTarget is not null)
        {
            File.Delete(link);
        }

        File.CreateSymbolicLink(link, name);
        Rename(link, StatePath);
        string previous = $"state.{generation - 1}";
        if (generation > 1 && Directory.Exists(Path.Combine(Root, previous)))
        {
            Directory.Delete(Path.Combine(Root, previous), recursive: true);
        }
    }

    /// <summary>Back to the master state: an empty generation (used when the disk belongs to another instance).</summary>
    public void ResetToMaster() => InstallState(new Dictionary<string, byte[]>(), marker: null);

    /// <summary>Rewrites the marker inside the current generation (write to a temp file, fsync, rename).</summary>
    public void UpdateMarker(InstalledMarker marker) => WriteDurable(Path.Combine(StatePath, MarkerFile), FleetJson.SerializeToUtf8(marker));

    private int CurrentGeneration()
    {
        string? target = new FileInfo(StatePath).LinkTarget;
        return target is not null && int.TryParse(target.AsSpan("state.".Length), out int g) ? g : 0;
    }

    private static void WriteDurable(string path, byte[] content)
    {
        string tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>rename(2) of a symlink over a symlink: atomic on POSIX (File.Move would follow the directory link).</summary>
    private static void Rename(string from, string to)
    {
        if (RenameNative(from, to) != 0)
        {
            throw new IOException($"rename {from} -> {to} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int RenameNative([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    /// <summary>Hard-links every file of the master (copy-on-write at file granularity); falls back to a copy.</summary>
    private static void LinkTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            if (LinkNative(file, target) != 0)
            {
                File.Copy(file, target);
            }
        }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int LinkNative([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);
}
