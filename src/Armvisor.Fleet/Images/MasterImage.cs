using System.Security.Cryptography;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Json;

namespace Armvisor.Fleet.Images;

/// <summary>
/// A built master image: <c>&lt;root&gt;/&lt;version&gt;-&lt;id[..16]&gt;/{manifest.json, image.id, files/…}</c>, every file
/// read-only. <see cref="Verify"/> recomputes every hash; it runs at every boot of every instance.
/// </summary>
public sealed class MasterImage
{
    public const string ManifestFile = "manifest.json";
    public const string IdFile = "image.id";
    public const string FilesDirectory = "files";

    private MasterImage(string directory, string id, ImageManifest manifest)
    {
        Directory = directory;
        Id = id;
        Manifest = manifest;
    }

    public string Directory { get; }

    /// <summary>SHA-256 of manifest.json (64 hex digits).</summary>
    public string Id { get; }

    public ImageManifest Manifest { get; }

    public string FilesPath => Path.Combine(Directory, FilesDirectory);

    public ImageDefaults Defaults =>
        FleetJson.Deserialize<ImageDefaults>(File.ReadAllBytes(Path.Combine(FilesPath, ImageDefaults.RelativePath)));

    public string TrustKeyPem => File.ReadAllText(Path.Combine(FilesPath, ImageDefaults.TrustKeyPath));

    /// <summary>Opens an image without checking its files (use <see cref="Verify"/> for that).</summary>
    public static MasterImage Open(string directory)
    {
        string manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new FleetConfigurationException($"{directory} is not a master image (no {ManifestFile})");
        }

        byte[] bytes = File.ReadAllBytes(manifestPath);
        return new MasterImage(directory, Convert.ToHexStringLower(SHA256.HashData(bytes)), FleetJson.Deserialize<ImageManifest>(bytes));
    }

    /// <summary>
    /// Checks the image at <paramref name="directory"/> is exactly the image <paramref name="expectedId"/>: the
    /// manifest hash, every listed file's size and hash, and no file that is not listed.
    /// Returns the reason it is not, or null.
    /// </summary>
    public static string? Verify(string directory, string expectedId)
    {
        try
        {
            byte[] manifestBytes = File.ReadAllBytes(Path.Combine(directory, ManifestFile));
            string id = Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
            if (!string.Equals(id, expectedId, StringComparison.Ordinal))
            {
                return $"image manifest hash {id[..16]} is not the expected {expectedId[..Math.Min(16, expectedId.Length)]}";
            }

            var manifest = FleetJson.Deserialize<ImageManifest>(manifestBytes);
            string files = Path.Combine(directory, FilesDirectory);
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in manifest.Files)
            {
                listed.Add(file.Path);
                string full = Path.Combine(files, file.Path);
                var info = new FileInfo(full);
                if (!info.Exists || info.Length != file.Size)
                {
                    return $"image file {file.Path} missing or resized";
                }

                using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(stream)), file.Sha256, StringComparison.Ordinal))
                {
                    return $"image file {file.Path} modified";
                }
            }

            foreach (var path in System.IO.Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(files, path).Replace('\\', '/');
                if (!listed.Contains(relative))
                {
                    return $"image file {relative} not in the manifest";
                }
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return $"image unreadable: {e.Message}";
        }
    }
}
