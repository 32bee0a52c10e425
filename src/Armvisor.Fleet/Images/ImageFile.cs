namespace Armvisor.Fleet.Images;

/// <summary>One file of a master image: path relative to the image's <c>files/</c>, size and SHA-256.</summary>
public sealed record ImageFile(string Path, long Size, string Sha256);
