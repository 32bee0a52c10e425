namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// Debian arm64 (or armhf) packages through the system's own tools: <c>dpkg --add-architecture arm64</c>, <c>apt-get
/// update</c>, <c>apt-cache show</c>, <c>apt-get download</c> and <c>dpkg-deb -x</c>. Failures become
/// <see cref="GuestKitException"/>.
/// </summary>
public sealed class AptPackageSource
{
    private readonly string _architecture;

    public AptPackageSource(GuestArchitecture architecture = GuestArchitecture.Arm64, KernelFlavour flavour = KernelFlavour.Default)
    {
        GuestArchitecture = architecture;
        KernelFlavour = flavour;
        _architecture = architecture.DebianName();
        KernelMetapackage = architecture.KernelMetapackage(flavour);
    }

    /// <summary>The kernel flavour (armhf: armmp or armmp-lpae).</summary>
    public KernelFlavour KernelFlavour { get; }

    /// <summary>The architecture whose packages this source fetches.</summary>
    public GuestArchitecture GuestArchitecture { get; }

    /// <summary>The metapackage whose dependency names the current kernel package (linux-image-6.1.0-N-arm64 / -armmp).</summary>
    public string KernelMetapackage { get; }

    public const string BusyboxPackage = "busybox-static";

    /// <summary>Whether dpkg accepts the architecture's packages (foreign architecture, or the native one).</summary>
    public bool HasArchitecture(CancellationToken cancellationToken = default)
    {
        HostToolResult native = HostTool.Run("dpkg", ["--print-architecture"], cancellationToken: cancellationToken);
        if (native.StandardOutput.Trim() == _architecture)
        {
            return true;
        }

        HostToolResult foreign = HostTool.Run("dpkg", ["--print-foreign-architectures"], cancellationToken: cancellationToken);
        return foreign.StandardOutput.Split('\n', StringSplitOptions.TrimEntries).Contains(_architecture);
    }

    /// <summary>Adds the architecture to dpkg (root only); <see cref="Update"/> then fetches its lists.</summary>
    public void AddArchitecture(CancellationToken cancellationToken = default)
    {
        RequireRoot($"dpkg --add-architecture {_architecture}");
        Check(HostTool.Run("dpkg", ["--add-architecture", _architecture], cancellationToken: cancellationToken), $"dpkg --add-architecture {_architecture}");
    }

    /// <summary><c>apt-get update</c> (root only).</summary>
    public void Update(CancellationToken cancellationToken = default)
    {
        RequireRoot("apt-get update");
        Check(HostTool.Run("apt-get", ["update", "-q"], cancellationToken: cancellationToken), "apt-get update");
    }

    /// <summary>apt's candidate of <paramref name="name"/> for the architecture; throws PackageNotFound when apt has none.</summary>
    public DebianPackage Resolve(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        HostToolResult result = HostTool.Run("apt-cache", ["show", "--no-all-versions", $"{name}:{_architecture}"], cancellationToken: cancellationToken);
        var stanza = DebianControlStanza.ParseFirst(result.StandardOutput);
        if (!result.Succeeded || stanza["Package"] is null || stanza["Version"] is not { } version)
        {
            throw new GuestKitException(GuestKitFailure.PackageNotFound,
                $"apt has no {_architecture} package {name} (is the {_architecture} architecture added and 'apt-get update' run?)");
        }

        return new DebianPackage(stanza["Package"]!, version, stanza.RelationNames("Depends"));
    }

    /// <summary>The kernel image package the metapackage depends on (today linux-image-6.1.0-N-arm64).</summary>
    public DebianPackage ResolveKernel(CancellationToken cancellationToken = default)
    {
        DebianPackage meta = Resolve(KernelMetapackage, cancellationToken);
        string kernel = meta.Depends.FirstOrDefault(d => d.StartsWith("linux-image-", StringComparison.Ordinal))
            ?? throw new GuestKitException(GuestKitFailure.BadPackage, $"{KernelMetapackage} {meta.Version} depends on no linux-image package");
        return Resolve(kernel, cancellationToken);
    }

    /// <summary>Downloads the .deb of <paramref name="package"/> into <paramref name="directory"/> (kept if already there); returns its path.</summary>
    public string Download(DebianPackage package, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        string path = Path.Combine(directory, $"{package.Name}_{package.FileNameVersion}_{_architecture}.deb");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(directory);
        Check(HostTool.Run("apt-get", ["download", "-q", $"{package.Name}:{_architecture}={package.Version}"], directory, cancellationToken),
            $"apt-get download {package.Name}");
        return File.Exists(path)
            ? path
            : throw new GuestKitException(GuestKitFailure.BadPackage, $"apt-get download {package.Name} left no {Path.GetFileName(path)}");
    }

    /// <summary>Unpacks the files of <paramref name="debPath"/> under <paramref name="directory"/> (dpkg-deb -x).</summary>
    public static void Extract(string debPath, string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        Check(HostTool.Run("dpkg-deb", ["-x", debPath, directory], cancellationToken: cancellationToken), $"dpkg-deb -x {Path.GetFileName(debPath)}");
    }

    private void RequireRoot(string step)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new GuestKitException(GuestKitFailure.NotRoot,
                $"{step} needs root: run 'sudo dpkg --add-architecture {_architecture} && sudo apt-get update' once, then retry");
        }
    }

    private static void Check(HostToolResult result, string step)
    {
        if (result.Succeeded)
        {
            return;
        }

        string errors = string.Join('\n', result.StandardError.Split('\n').Where(l => l.StartsWith("E:", StringComparison.Ordinal)));
        GuestKitFailure failure = AptErrorKind.Classify(errors.Length > 0 ? errors : result.StandardError);
        throw new GuestKitException(failure, $"{step} failed: {result.LastErrorLine}");
    }
}
