using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>A host ext2 disk image made with e2fsprogs (mkfs.ext2 -d fills it from a directory; debugfs reads it back).</summary>
public static class Ext2Image
{
    /// <summary>Creates an ext2 image of <paramref name="sizeMiB"/> MiB at <paramref name="path"/> holding <paramref name="files"/>.</summary>
    public static void Create(string path, int sizeMiB, IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        string source = path + ".d";
        Directory.CreateDirectory(source);
        foreach ((string name, byte[] contents) in files)
        {
            File.WriteAllBytes(Path.Combine(source, name), contents);
        }

        HostToolResult result = HostTool.Run("mkfs.ext2", ["-q", "-F", "-L", "armvisor", "-d", source, path, $"{sizeMiB}M"]);
        Directory.Delete(source, recursive: true);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"mkfs.ext2 failed: {result.LastErrorLine}");
        }
    }

    /// <summary>The contents of <paramref name="name"/> in the image's root directory (debugfs -R cat), or null if absent.</summary>
    public static string? ReadFile(string imagePath, string name)
    {
        HostToolResult result = HostTool.Run("debugfs", ["-R", $"cat /{name}", imagePath]);
        return result.Succeeded && !result.StandardError.Contains("File not found", StringComparison.Ordinal) ? result.StandardOutput : null;
    }
}
