using System.Runtime.CompilerServices;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>Comparison with checked-in text under Golden/; ARMVISOR_UPDATE_GOLDEN=1 rewrites them after an intended change (review the diff).</summary>
public static class GoldenText
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string? directory = Path.GetDirectoryName(callerPath);
        while (directory is not null && !File.Exists(Path.Combine(directory, "Armvisor.Fleet.Tests.csproj")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        string path = Path.Combine(directory ?? throw new InvalidOperationException("test project not found"), "Golden", name);
        if (Environment.GetEnvironmentVariable("ARMVISOR_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with ARMVISOR_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
