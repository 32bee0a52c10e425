namespace Armvisor.Core.Semihosting;

/// <summary>
/// The one host directory semihosting SYS_OPEN may reach. A guest path is relative to it; absolute paths, ".."
/// components and symbolic links (at any component, inside the directory too) are refused, so nothing the guest names
/// resolves outside the directory.
/// </summary>
public sealed class SemihostingSandbox
{
    private readonly string _root;

    public SemihostingSandbox(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = Path.GetFullPath(root);
    }

    public string Root => _root;

    /// <summary>The host path of <paramref name="guestPath"/> inside the sandbox, or null when the guest may not name it.</summary>
    public string? Resolve(string guestPath)
    {
        ArgumentNullException.ThrowIfNull(guestPath);
        if (guestPath.Length == 0 || guestPath.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(guestPath))
        {
            return null;
        }

        string[] parts = guestPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        string current = _root;
        foreach (string part in parts)
        {
            if (part is "." or "..")
            {
                return null;
            }

            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                return null;
            }
        }

        string full = Path.GetFullPath(current);
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }
}
