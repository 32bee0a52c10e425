using System.Security.Cryptography;
using Armvisor.Fleet.Json;

namespace Armvisor.Fleet.Daemon;

/// <summary>
/// The fleet's persistent settings (<c>DATA/fleet.json</c>), written by <c>fleet up</c> and read by every later
/// <c>fleet daemon</c>/<c>fleet status</c>, so a restarted daemon listens where the instances expect it and accepts
/// the tokens they hold.
/// </summary>
public sealed record FleetSettings
{
    public const string FileName = "fleet.json";

    public string Fleet { get; init; } = "local";

    /// <summary><c>sqlite:PATH</c> or <c>etcd:URL[,URL…]</c>.</summary>
    public required string Store { get; init; }

    /// <summary>local (processes) or in-process.</summary>
    public string Provider { get; init; } = "local";

    public required string ImageDirectory { get; init; }

    public string Listen { get; init; } = "127.0.0.1:0";

    public int Subnet { get; init; } = 100;

    public int MaxInFlight { get; init; } = 20;

    public int ProvisionTimeoutSeconds { get; init; } = 1800;

    public string AdminToken { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string TokenKey { get; init; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Overrides the image's VM command for every host (a stand-in while the VMM is not there).</summary>
    public IReadOnlyList<string>? VmCommand { get; init; }

    public static FleetSettings? Load(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) ? FleetJson.Deserialize<FleetSettings>(File.ReadAllBytes(path)) : null;
    }

    public void Save(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(dataDirectory, FileName);
        File.WriteAllBytes(path + ".tmp", FleetJson.SerializeToUtf8(this));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(path + ".tmp", path, overwrite: true);
    }
}
