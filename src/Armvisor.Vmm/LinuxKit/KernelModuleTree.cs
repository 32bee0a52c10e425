using System.Text;

namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// The modules of one kernel release as a Debian linux-image package ships them (<c>lib/modules/RELEASE</c>, without
/// modules.dep: depmod runs at install time). Resolves a set of wanted modules to their load order, dependencies
/// (.modinfo <c>depends</c>) and pre soft dependencies first, skipping what <c>modules.builtin</c> says is built in.
/// </summary>
public sealed class KernelModuleTree
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _builtIn = new(StringComparer.Ordinal);
    private readonly HashSet<string> _builtInAliases = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _aliases;

    public KernelModuleTree(string releaseDirectory)
    {
        ArgumentNullException.ThrowIfNull(releaseDirectory);
        ReleaseDirectory = releaseDirectory;
        string kernel = Path.Combine(releaseDirectory, "kernel");
        if (!Directory.Exists(kernel))
        {
            throw new GuestKitException(GuestKitFailure.BadPackage, $"{releaseDirectory}: no kernel/ module directory");
        }

        foreach (string file in Directory.EnumerateFiles(kernel, "*.ko", SearchOption.AllDirectories))
        {
            _files.TryAdd(KernelModuleInfo.Normalize(Path.GetFileNameWithoutExtension(file)), file);
        }

        string builtin = Path.Combine(releaseDirectory, "modules.builtin");
        if (File.Exists(builtin))
        {
            foreach (string line in File.ReadLines(builtin))
            {
                if (line.EndsWith(".ko", StringComparison.Ordinal))
                {
                    _builtIn.Add(KernelModuleInfo.Normalize(Path.GetFileNameWithoutExtension(line)));
                }
            }
        }

        // modules.builtin.modinfo: "module.key=value" strings, NUL-separated; only the aliases matter here.
        string builtinInfo = Path.Combine(releaseDirectory, "modules.builtin.modinfo");
        if (File.Exists(builtinInfo))
        {
            foreach (string entry in Encoding.ASCII.GetString(File.ReadAllBytes(builtinInfo)).Split('\0'))
            {
                int dot = entry.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0 && entry.AsSpan(dot + 1).StartsWith("alias="))
                {
                    _builtInAliases.Add(entry[(dot + 7)..]);
                }
            }
        }
    }

    /// <summary>lib/modules/RELEASE.</summary>
    public string ReleaseDirectory { get; }

    /// <summary>The kernel release (the directory's name, e.g. 6.1.0-56-arm64).</summary>
    public string Release => Path.GetFileName(ReleaseDirectory.TrimEnd('/'));

    /// <summary>Number of loadable modules found.</summary>
    public int Count => _files.Count;

    public bool IsBuiltIn(string moduleName) => _builtIn.Contains(KernelModuleInfo.Normalize(moduleName));

    /// <summary>
    /// The modules to insert, in order, so that every one of <paramref name="wanted"/> is present: each module after
    /// its dependencies. Built-in ones are left out. A missing hard dependency throws BadPackage; a soft dependency
    /// that resolves to nothing is skipped (modprobe does the same).
    /// </summary>
    public IReadOnlyList<KernelModule> LoadOrder(IEnumerable<string> wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var order = new List<KernelModule>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in wanted)
        {
            Visit(name, required: true, order, done, visiting);
        }

        return order;
    }

    private void Visit(string requested, bool required, List<KernelModule> order, HashSet<string> done, HashSet<string> visiting)
    {
        string name = KernelModuleInfo.Normalize(requested);
        if (done.Contains(name) || _builtIn.Contains(name) || !visiting.Add(name))
        {
            return;
        }

        string? path = _files.GetValueOrDefault(name);
        if (path is null && !required && !_builtInAliases.Contains(requested))
        {
            // A soft dependency may name an alias (ext4: "softdep=pre: crypto-crc32c"), matched as spelled.
            path = Aliases().GetValueOrDefault(requested);
        }

        if (path is null)
        {
            visiting.Remove(name);
            if (required)
            {
                throw new GuestKitException(GuestKitFailure.BadPackage, $"kernel {Release} has no module {name} (neither built in nor in kernel/)");
            }

            return;
        }

        KernelModuleInfo info = KernelModuleInfo.Read(path);
        foreach (string dependency in info.Depends)
        {
            Visit(dependency, required: true, order, done, visiting);
        }

        foreach (string soft in info.SoftDependsBefore)
        {
            Visit(soft, required: false, order, done, visiting);
        }

        visiting.Remove(name);
        done.Add(name);
        if (done.Add(info.Name) || info.Name == name)
        {
            order.Add(new KernelModule(path, info));
        }
    }

    // alias -> module file, read from every module's .modinfo the first time a soft dependency names an alias.
    private Dictionary<string, string> Aliases()
    {
        if (_aliases is null)
        {
            _aliases = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string path in _files.Values.Order(StringComparer.Ordinal))
            {
                foreach (string alias in KernelModuleInfo.Read(path).Aliases)
                {
                    _aliases.TryAdd(alias, path);
                }
            }
        }

        return _aliases;
    }
}
