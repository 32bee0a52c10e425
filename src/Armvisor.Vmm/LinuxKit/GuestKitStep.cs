namespace Armvisor.Vmm.LinuxKit;

/// <summary>The steps of <see cref="GuestPackageCache.Ensure"/>, in order.</summary>
public enum GuestKitStep
{
    /// <summary>Checking (and if needed adding) the arm64 dpkg architecture.</summary>
    Architecture,

    /// <summary>Asking apt which kernel and busybox packages are current.</summary>
    Resolve,

    /// <summary>apt-get download of the .deb files.</summary>
    Download,

    /// <summary>dpkg-deb -x of the packages.</summary>
    Extract,

    /// <summary>Choosing the modules virtio-blk and ext4 need and copying them into the kit.</summary>
    Modules,

    /// <summary>The kit is complete (fetched now or found in the cache).</summary>
    Ready,
}
