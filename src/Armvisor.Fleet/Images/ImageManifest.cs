namespace Armvisor.Fleet.Images;

/// <summary>
/// What a master image holds. The image id is the SHA-256 of this manifest's exact bytes, so the id names the
/// content: any change to a file changes its hash, the manifest and the id.
/// </summary>
public sealed record ImageManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public required string Version { get; init; }

    /// <summary>argv that boots the first-boot agent; <c>{image}</c> is replaced with the image directory.</summary>
    public required IReadOnlyList<string> AgentCommand { get; init; }

    public required IReadOnlyList<ImageFile> Files { get; init; }
}
