namespace Armvisor.Firmware.Loading;

/// <summary>Reads a boot input from the host, turning I/O failures into one-line <see cref="BootImageException"/>s.</summary>
public static class BootFile
{
    /// <summary>Reads <paramref name="path"/>; <paramref name="role"/> ("kernel", "initrd", "dtb") names it in errors.</summary>
    public static byte[] Read(string path, string role)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BootImageException(BootImageError.MissingFile, $"{role} file '{path}' not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BootImageException(BootImageError.MissingFile, $"{role} file '{path}' cannot be read: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }
}
