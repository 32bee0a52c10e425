namespace Armvisor.Vmm.LinuxKit;

/// <summary>One arm64 binary package as apt's candidate describes it.</summary>
/// <param name="Name">Package name without the architecture qualifier.</param>
/// <param name="Version">Debian version (may carry an epoch, e.g. <c>1:1.35.0-4</c>).</param>
/// <param name="Depends">The Depends field's package names, in order, without versions or alternatives.</param>
public sealed record DebianPackage(string Name, string Version, IReadOnlyList<string> Depends)
{
    /// <summary>The version as apt-get download spells it in the .deb file name (epoch colon escaped as %3a).</summary>
    public string FileNameVersion => Version.Replace(":", "%3a", StringComparison.Ordinal);

    /// <summary>A name safe for a cache directory: name_version with the epoch colon dropped.</summary>
    public string CacheKey => $"{Name}_{Version.Replace(':', '.')}";
}
