namespace Armvisor.Vmm.Tests.Snapshots;

/// <summary>The bare-metal guests built by make -C guests.</summary>
internal static class TestGuests
{
    public static string Path(string name)
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory, "Armvisor.slnx")))
        {
            directory = System.IO.Path.GetDirectoryName(directory);
        }

        string path = System.IO.Path.Combine(directory ?? ".", "guests", "build", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"guest {path} not built: run make -C guests", path);
    }
}
