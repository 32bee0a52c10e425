namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// Fetches Debian's arm64 kernel (the dependency of linux-image-arm64; for armhf linux-image-armmp's) and busybox-static with the system's own
/// package tools and keeps a <see cref="GuestKit"/> under <c>$XDG_CACHE_HOME/armvisor</c> (or <c>~/.cache/armvisor</c>).
/// Idempotent: a complete kit for apt's current candidates is reused without downloading; when apt cannot be asked
/// (no arm64 lists, no network) the newest cached kit is used.
/// </summary>
public sealed class GuestPackageCache
{
    /// <summary>What the initramfs inserts: the virtio-mmio transport, virtio-blk, ext4 (which also mounts ext2:
    /// CONFIG_EXT4_USE_FOR_EXT2=y), virtio_net, and for the power button gpio_keys and evdev (arm64 builds
    /// GPIO_PL061 in, KEYBOARD_GPIO and INPUT_EVDEV as modules; armmp builds KEYBOARD_GPIO in). Dependencies are found
    /// from .modinfo; a built-in module is skipped.</summary>
    public static IReadOnlyList<string> WantedModules { get; } = ["virtio_mmio", "virtio_blk", "ext4", "virtio_net", "gpio_keys", "evdev"];

    private static readonly TimeSpan s_lockWait = TimeSpan.FromMinutes(10);

    private readonly AptPackageSource _apt;

    public GuestPackageCache(string? directory = null, AptPackageSource? apt = null)
    {
        Directory = directory ?? DefaultDirectory();
        _apt = apt ?? new AptPackageSource();
    }

    /// <summary>A cache of kits for <paramref name="architecture"/> (arm64 or armhf).</summary>
    public GuestPackageCache(GuestArchitecture architecture, string? directory = null, KernelFlavour flavour = KernelFlavour.Default)
        : this(directory, new AptPackageSource(architecture, flavour))
    {
    }

    /// <summary>The kernel flavour of the kits this cache fetches.</summary>
    public KernelFlavour Flavour => _apt.KernelFlavour;

    /// <summary>The architecture of the kits this cache fetches.</summary>
    public GuestArchitecture Architecture => _apt.GuestArchitecture;

    /// <summary>The cache root.</summary>
    public string Directory { get; }

    /// <summary>$XDG_CACHE_HOME/armvisor, else ~/.cache/armvisor (XDG Base Directory Specification).</summary>
    public static string DefaultDirectory()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "armvisor");
    }

    private string KitsDirectory => Path.Combine(Directory, "kits");

    /// <summary>The newest complete kit of this cache's architecture, or null.</summary>
    public GuestKit? Newest() =>
        System.IO.Directory.Exists(KitsDirectory)
            ? System.IO.Directory.EnumerateDirectories(KitsDirectory)
                .Select(GuestKit.TryLoad)
                .OfType<GuestKit>()
                .Where(k => k.Architecture == Architecture && k.KernelPackage.EndsWith("-lpae", StringComparison.Ordinal) == (Flavour == KernelFlavour.Lpae))
                .OrderByDescending(k => File.GetLastWriteTimeUtc(Path.Combine(k.Directory, GuestKit.ManifestName)))
                .FirstOrDefault()
            : null;

    /// <summary>Returns a complete kit, fetching and building it if needed. Throws <see cref="GuestKitException"/>.</summary>
    public GuestKit Ensure(IProgress<GuestKitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using FileStream cacheLock = AcquireLock(cancellationToken);

        string arch = Architecture.DebianName();
        progress?.Report(new GuestKitProgress(GuestKitStep.Architecture, $"dpkg {arch} architecture"));
        if (!_apt.HasArchitecture(cancellationToken))
        {
            if (Newest() is { } offline)
            {
                return Ready(offline, progress, $"cached ({arch} packages are not set up on this host)");
            }

            _apt.AddArchitecture(cancellationToken);
            _apt.Update(cancellationToken);
        }

        progress?.Report(new GuestKitProgress(GuestKitStep.Resolve, $"{_apt.KernelMetapackage}, {AptPackageSource.BusyboxPackage}"));
        DebianPackage kernel, busybox;
        try
        {
            (kernel, busybox) = ResolveBoth(cancellationToken);
        }
        catch (GuestKitException e) when (e.Failure == GuestKitFailure.PackageNotFound)
        {
            if (Newest() is { } offline)
            {
                return Ready(offline, progress, $"cached (apt has no {arch} candidates: " + e.Message + ")");
            }

            if (!Environment.IsPrivilegedProcess)
            {
                throw;
            }

            // The architecture's lists may just never have been fetched.
            _apt.Update(cancellationToken);
            (kernel, busybox) = ResolveBoth(cancellationToken);
        }

        string kitDirectory = Path.Combine(KitsDirectory, $"{kernel.CacheKey}+{busybox.CacheKey}");
        // A kit built before a module was added to WantedModules is rebuilt.
        if (GuestKit.TryLoad(kitDirectory) is { } cached && WantedModules.All(m => cached.Modules.Contains(m) || cached.Requested.Contains(m)))
        {
            return Ready(cached, progress, "cached");
        }

        try
        {
            return Ready(Build(kernel, busybox, kitDirectory, progress, cancellationToken), progress, "fetched");
        }
        catch (GuestKitException e) when (e.Failure == GuestKitFailure.NoNetwork && Newest() is { } offline)
        {
            return Ready(offline, progress, "cached (download failed: " + e.Message + ")");
        }
    }

    private (DebianPackage Kernel, DebianPackage Busybox) ResolveBoth(CancellationToken cancellationToken) =>
        (_apt.ResolveKernel(cancellationToken), _apt.Resolve(AptPackageSource.BusyboxPackage, cancellationToken));

    private GuestKit Build(DebianPackage kernel, DebianPackage busybox, string kitDirectory, IProgress<GuestKitProgress>? progress,
        CancellationToken cancellationToken)
    {
        string debs = Path.Combine(Directory, "debs");
        progress?.Report(new GuestKitProgress(GuestKitStep.Download, $"{kernel.Name} {kernel.Version}"));
        string kernelDeb = _apt.Download(kernel, debs, cancellationToken);
        progress?.Report(new GuestKitProgress(GuestKitStep.Download, $"{busybox.Name} {busybox.Version}"));
        string busyboxDeb = _apt.Download(busybox, debs, cancellationToken);

        string work = Path.Combine(Directory, $"work-{Environment.ProcessId}");
        string staging = kitDirectory + $".partial-{Environment.ProcessId}";
        DeleteDirectory(work);
        DeleteDirectory(staging);
        try
        {
            progress?.Report(new GuestKitProgress(GuestKitStep.Extract, Path.GetFileName(kernelDeb)));
            AptPackageSource.Extract(kernelDeb, Path.Combine(work, "kernel"), cancellationToken);
            progress?.Report(new GuestKitProgress(GuestKitStep.Extract, Path.GetFileName(busyboxDeb)));
            AptPackageSource.Extract(busyboxDeb, Path.Combine(work, "busybox"), cancellationToken);

            string modulesRoot = Path.Combine(work, "kernel", "lib", "modules");
            string release = System.IO.Directory.Exists(modulesRoot)
                ? System.IO.Directory.EnumerateDirectories(modulesRoot).Select(Path.GetFileName).OfType<string>().SingleOrDefault()
                    ?? throw new GuestKitException(GuestKitFailure.BadPackage, $"{kernel.Name}: not exactly one lib/modules/RELEASE")
                : throw new GuestKitException(GuestKitFailure.BadPackage, $"{kernel.Name}: no lib/modules");

            System.IO.Directory.CreateDirectory(Path.Combine(staging, "modules"));
            CopyRequired(Path.Combine(work, "kernel", "boot", $"vmlinuz-{release}"), Path.Combine(staging, "vmlinuz"), kernel.Name);
            CopyRequired(Path.Combine(work, "kernel", "boot", $"config-{release}"), Path.Combine(staging, "config"), kernel.Name);
            CopyRequired(Path.Combine(work, "busybox", "bin", "busybox"), Path.Combine(staging, "busybox"), busybox.Name);

            progress?.Report(new GuestKitProgress(GuestKitStep.Modules, string.Join(", ", WantedModules)));
            var tree = new KernelModuleTree(Path.Combine(modulesRoot, release));
            IReadOnlyList<KernelModule> order = tree.LoadOrder(WantedModules);
            foreach (KernelModule module in order)
            {
                File.Copy(module.Path, Path.Combine(staging, "modules", module.Name + ".ko"));
            }

            var kit = new GuestKit
            {
                Directory = staging,
                KernelPackage = kernel.Name,
                KernelVersion = kernel.Version,
                KernelRelease = release,
                BusyboxVersion = busybox.Version,
                Modules = order.Select(m => m.Name).ToArray(),
                Requested = WantedModules,
                Architecture = Architecture,
            };
            kit.Save();
            DeleteDirectory(kitDirectory);
            System.IO.Directory.Move(staging, kitDirectory);
            File.Delete(kernelDeb);
            File.Delete(busyboxDeb);
            return kit with { Directory = kitDirectory };
        }
        finally
        {
            DeleteDirectory(work);
            DeleteDirectory(staging);
        }
    }

    private static GuestKit Ready(GuestKit kit, IProgress<GuestKitProgress>? progress, string how)
    {
        progress?.Report(new GuestKitProgress(GuestKitStep.Ready, $"{kit.KernelPackage} {kit.KernelVersion}, busybox {kit.BusyboxVersion}: {how}"));
        return kit;
    }

    private static void CopyRequired(string source, string destination, string package)
    {
        if (!File.Exists(source))
        {
            throw new GuestKitException(GuestKitFailure.BadPackage, $"{package} has no {Path.GetFileName(source)}");
        }

        File.Copy(source, destination, overwrite: true);
    }

    private static void DeleteDirectory(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
    }

    // One fetch at a time per cache, across processes (parallel test runs share the cache).
    private FileStream AcquireLock(CancellationToken cancellationToken)
    {
        string path = Path.Combine(Directory, ".lock");
        DateTime deadline = DateTime.UtcNow + s_lockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
