using System.Text.Json;

namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// A complete, cached guest kit: Debian's arm64 kernel Image, its config, the modules virtio-blk and ext4 need (in
/// load order) and busybox-static. <c>kit.json</c> in <see cref="Directory"/> is written last, so its presence means
/// the kit is complete.
/// </summary>
public sealed record GuestKit
{
    public const string ManifestName = "kit.json";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>The kit's directory (not serialized: it is wherever the manifest was found).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Directory { get; init; } = "";

    /// <summary>e.g. linux-image-6.1.0-56-arm64.</summary>
    public required string KernelPackage { get; init; }

    public required string KernelVersion { get; init; }

    /// <summary>uname -r of the kernel, e.g. 6.1.0-56-arm64.</summary>
    public required string KernelRelease { get; init; }

    public required string BusyboxVersion { get; init; }

    /// <summary>The Debian architecture of the kernel and busybox (kits written before armhf existed are arm64).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<GuestArchitecture>))]
    public GuestArchitecture Architecture { get; init; } = GuestArchitecture.Arm64;

    /// <summary>Module names in load order; each is <c>modules/NAME.ko</c> in the kit.</summary>
    public required IReadOnlyList<string> Modules { get; init; }

    /// <summary>The module names the kit was built for, built-in ones included (so a kit is not rebuilt for a module the kernel has built in); empty in kits written before.</summary>
    public IReadOnlyList<string> Requested { get; init; } = [];

    /// <summary>The kernel Image as Debian ships it (/boot/vmlinuz-RELEASE; on arm64 bookworm a plain Image, gzip is accepted too).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string KernelPath => Path.Combine(Directory, "vmlinuz");

    /// <summary>The kernel's build configuration (/boot/config-RELEASE).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ConfigPath => Path.Combine(Directory, "config");

    [System.Text.Json.Serialization.JsonIgnore]
    public string BusyboxPath => Path.Combine(Directory, "busybox");

    public string ModulePath(string name) => Path.Combine(Directory, "modules", name + ".ko");

    /// <summary>Reads the kit in <paramref name="directory"/>, or null if it is not complete.</summary>
    public static GuestKit? TryLoad(string directory)
    {
        string manifest = Path.Combine(directory, ManifestName);
        if (!File.Exists(manifest))
        {
            return null;
        }

        GuestKit? kit;
        try
        {
            kit = JsonSerializer.Deserialize<GuestKit>(File.ReadAllText(manifest), s_json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (kit is null)
        {
            return null;
        }

        kit = kit with { Directory = directory };
        bool complete = File.Exists(kit.KernelPath) && File.Exists(kit.BusyboxPath) && kit.Modules.All(m => File.Exists(kit.ModulePath(m)));
        return complete ? kit : null;
    }

    /// <summary>Writes the manifest (the last step of building a kit).</summary>
    public void Save()
    {
        string temporary = Path.Combine(Directory, ManifestName + ".tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, s_json));
        File.Move(temporary, Path.Combine(Directory, ManifestName), overwrite: true);
    }
}
