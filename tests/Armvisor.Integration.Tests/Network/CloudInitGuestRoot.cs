using System.Diagnostics;

namespace Armvisor.Integration.Tests.Network;

/// <summary>
/// The cloud-init guest root of scripts/build-cloudinit-root.sh (Debian's arm64 python3 and cloud-init, fetched
/// into ~/.cache/armvisor once) appended to the kit's initramfs: Linux unpacks concatenated archives, each starting
/// on a 4-byte boundary (Documentation/driver-api/early-userspace/buffer-format.rst), so the kit's gzip archive is
/// padded with zeros before the uncompressed cpio.
/// </summary>
public static class CloudInitGuestRoot
{
    private static readonly Lazy<string> Cpio = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepositoryRoot
    {
        get
        {
            string? directory = AppContext.BaseDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "Armvisor.slnx")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            return directory ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>Writes kit initramfs + padding + cloud-init root to <paramref name="path"/>.</summary>
    public static string WriteInitrd(string kitInitrd, string path)
    {
        using (var output = File.Create(path))
        {
            using (var kit = File.OpenRead(kitInitrd))
            {
                kit.CopyTo(output);
            }

            output.Write(new byte[(int)(-output.Length & 511)]);
            using var root = File.OpenRead(Cpio.Value);
            root.CopyTo(output);
        }

        return path;
    }

    private static string Build()
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot, "scripts", "build-cloudinit-root.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string? path = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ROOT_CPIO=", StringComparison.Ordinal))?["ROOT_CPIO=".Length..];
        if (process.ExitCode != 0 || path is null || !File.Exists(path))
        {
            throw new InvalidOperationException($"scripts/build-cloudinit-root.sh exited {process.ExitCode}: {errors.Result}");
        }

        return path;
    }
}
