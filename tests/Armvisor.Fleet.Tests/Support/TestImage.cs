using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Images;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>
/// A master image of the test assembly (which runs FleetCommands as its Main), trimmed to what the agent needs so the
/// every-boot hash check stays cheap. The VM command is a stand-in (the VMM is built in parallel): a shell that
/// writes what it was asked to start into the instance's run directory.
/// </summary>
public static class TestImage
{
    public static readonly IReadOnlyList<string> StandInVm = ["/bin/sh", "-c", "echo \"vm {name} kernel {kernel} memory {memory}\" > {run}/vm-{name}.out"];

    /// <summary>dotnet, then this assembly from the image's bin/, then the hidden agent command.</summary>
    public static IReadOnlyList<string> AgentCommand =>
    [
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet",
        "{image}/bin/Armvisor.Fleet.Tests.dll", "fleet", "agent",
    ];

    public static MasterImage Build(string root, ConfigurationSeal seal, string version = "1")
    {
        string payload = Path.Combine(root, "payload");
        Directory.CreateDirectory(payload);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
        {
            string name = Path.GetFileName(file);
            bool needed = (name.EndsWith(".dll", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal))
                && !name.StartsWith("Microsoft.TestPlatform", StringComparison.Ordinal) && !name.StartsWith("Microsoft.VisualStudio", StringComparison.Ordinal)
                && !name.StartsWith("xunit", StringComparison.Ordinal) && !name.StartsWith("testhost", StringComparison.Ordinal)
                && !name.StartsWith("Newtonsoft", StringComparison.Ordinal) && !name.StartsWith("SQLitePCLRaw", StringComparison.Ordinal);
            if (needed && !File.Exists(Path.Combine(payload, name)))
            {
                File.Copy(file, Path.Combine(payload, name));
            }
        }

        return MasterImageBuilder.Build(payload, Path.Combine(root, "images"), version, seal.ExportPublicKeyPem(), AgentCommand, new ImageDefaults { VmCommand = StandInVm, FetchTimeoutSeconds = 30 });
    }
}
