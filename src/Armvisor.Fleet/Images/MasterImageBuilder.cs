using System.Security.Cryptography;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Json;

namespace Armvisor.Fleet.Images;

/// <summary>
/// <c>armvisor image build</c>: stages the host software (a self-contained publish directory), the agent defaults
/// and the fleet's public signing key, writes the manifest, names the image by version and content hash, and makes
/// every file read-only. Building the same content twice yields the same id and reuses the existing image; an
/// existing image is never written to.
/// </summary>
public static class MasterImageBuilder
{
    public static MasterImage Build(string payloadDirectory, string outputRoot, string version, string trustKeyPem, IReadOnlyList<string> agentCommand, ImageDefaults? defaults = null)
    {
        if (!Directory.Exists(payloadDirectory))
        {
            throw new FleetConfigurationException($"payload directory {payloadDirectory} does not exist");
        }

        if (string.IsNullOrWhiteSpace(version) || version.IndexOfAny(['/', '\\', ' ']) >= 0)
        {
            throw new FleetConfigurationException($"image version '{version}' must be a single path-safe word");
        }

        Directory.CreateDirectory(outputRoot);
        string staging = Path.Combine(outputRoot, $".staging-{Guid.NewGuid():N}");
        string files = Path.Combine(staging, MasterImage.FilesDirectory);
        try
        {
            CopyTree(payloadDirectory, Path.Combine(files, "bin"));
            Directory.CreateDirectory(Path.Combine(files, "etc", "armvisor"));
            File.WriteAllBytes(Path.Combine(files, ImageDefaults.RelativePath), FleetJson.SerializeToUtf8(defaults ?? new ImageDefaults()));
            File.WriteAllText(Path.Combine(files, ImageDefaults.TrustKeyPath), trustKeyPem);

            var entries = Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories)
                .Select(path =>
                {
                    using var stream = File.OpenRead(path);
                    return new ImageFile(Path.GetRelativePath(files, path).Replace('\\', '/'), stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
                })
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .ToList();
            var manifest = new ImageManifest { Version = version, AgentCommand = agentCommand, Files = entries };
            byte[] manifestBytes = FleetJson.SerializeToUtf8(manifest);
            string id = Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
            File.WriteAllBytes(Path.Combine(staging, MasterImage.ManifestFile), manifestBytes);
            File.WriteAllText(Path.Combine(staging, MasterImage.IdFile), id + "\n");

            string final = Path.Combine(outputRoot, $"{version}-{id[..16]}");
            if (Directory.Exists(final))
            {
                return MasterImage.Open(final);
            }

            MakeReadOnly(staging);
            Directory.Move(staging, final);
            return MasterImage.Open(final);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private static void MakeReadOnly(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var mode = File.GetUnixFileMode(file);
            File.SetUnixFileMode(file, mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }
    }
}
