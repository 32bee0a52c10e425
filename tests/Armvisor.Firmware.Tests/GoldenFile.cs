using System.Runtime.CompilerServices;

namespace Armvisor.Firmware.Tests;

/// <summary>
/// Byte comparison with checked-in blobs under Golden/. Set ARMVISOR_UPDATE_GOLDEN=1 to rewrite them after an
/// intended change (then review the diff with dtc / iasl).
/// </summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, byte[] actual, [CallerFilePath] string callerPath = "")
    {
        var directory = FindGoldenDirectory(callerPath);
        var path = Path.Combine(directory, name);
        if (Environment.GetEnvironmentVariable("ARMVISOR_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(path, actual);
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with ARMVISOR_UPDATE_GOLDEN=1");
        var expected = File.ReadAllBytes(path);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    private static string FindGoldenDirectory(string callerPath)
    {
        var directory = Path.GetDirectoryName(callerPath);
        while (directory is not null && !File.Exists(Path.Combine(directory, "Armvisor.Firmware.Tests.csproj")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return Path.Combine(directory ?? throw new InvalidOperationException("test project directory not found"), "Golden");
    }
}
