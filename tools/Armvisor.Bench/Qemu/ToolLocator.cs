namespace Armvisor.Bench.Qemu;

/// <summary>Finds the host tools the differential harness needs (QEMU, the cross toolchain) on PATH.</summary>
public static class ToolLocator
{
    public const string Qemu = "qemu-system-aarch64";

    public const string CrossPrefix = "aarch64-linux-gnu-";

    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        if (path is null)
        {
            return null;
        }

        foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Why the differential tests cannot run here, or null when QEMU and the cross compiler are both present.</summary>
    public static string? MissingPrerequisite()
    {
        if (Find(Qemu) is null)
        {
            return ReferenceToolDiagnosis.NotInstalled(Qemu, "qemu-system-arm");
        }

        return Find(CrossPrefix + "gcc") is null
            ? ReferenceToolDiagnosis.NotInstalled(CrossPrefix + "gcc", "gcc-aarch64-linux-gnu")
            : null;
    }

    /// <summary>The repository root: the nearest ancestor of the working directory or of this assembly holding Armvisor.slnx.</summary>
    public static string RepositoryRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Armvisor.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Armvisor.slnx not found above the working directory or the tool");
    }
}
