using System.Text.Json;
using System.Text.Json.Serialization;

namespace Armvisor.Vmm;

/// <summary>
/// The JSON machine configuration file (docs/configuration.md): the same settings as the command line, e.g.
/// <c>{"kernel": "Image", "append": "console=ttyAMA0", "cpus": 2, "memory": "1G", "drives": ["file=disk.img,readonly"]}</c>.
/// Relative paths are relative to the file.
/// </summary>
public sealed class MachineConfigurationFile
{
    public string? Kernel { get; set; }

    public string? Initrd { get; set; }

    public string? Append { get; set; }

    public string? Dtb { get; set; }

    public int? Cpus { get; set; }

    public string? Memory { get; set; }

    public IList<string> Drives { get; } = [];

    /// <summary>--netdev texts, e.g. "user,hostfwd=tcp::8080-:80".</summary>
    public IList<string> Netdevs { get; } = [];

    public string? Serial { get; set; }

    public bool? Deterministic { get; set; }

    public IList<string> Trace { get; } = [];

    public string? FirmwareTables { get; set; }

    public string? SecondaryStart { get; set; }

    public bool? El2 { get; set; }

    public bool? El3 { get; set; }

    public double? TimeoutSeconds { get; set; }

    public bool? NoReboot { get; set; }

    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
    };

    /// <summary>Reads a configuration file; malformed JSON or unknown keys are a <see cref="MachineConfigurationException"/>.</summary>
    public static MachineConfiguration Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new MachineConfigurationException($"configuration file not found: {path}");
        }

        MachineConfigurationFile? file;
        try
        {
            file = JsonSerializer.Deserialize<MachineConfigurationFile>(File.ReadAllText(path), s_options);
        }
        catch (JsonException e)
        {
            throw new MachineConfigurationException($"{path}: {e.Message}", e);
        }

        if (file is null)
        {
            throw new MachineConfigurationException($"{path}: empty configuration");
        }

        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Resolve(string? p) => p is null ? null : Path.GetFullPath(p, baseDirectory);
        return new MachineConfiguration
        {
            KernelPath = Resolve(file.Kernel),
            InitrdPath = Resolve(file.Initrd),
            Append = file.Append ?? "",
            DtbPath = Resolve(file.Dtb),
            Cpus = file.Cpus ?? 1,
            MemoryBytes = file.Memory is null ? MachineConfiguration.DefaultMemory : SizeParser.Parse(file.Memory, "memory"),
            Networks = file.Netdevs.Select(Network.NetworkConfiguration.Parse).ToArray(),
            Drives = file.Drives.Select(DriveConfiguration.Parse).Select(d => d with { Path = Resolve(d.Path)! }).ToArray(),
            Serial = file.Serial is null ? SerialConfiguration.Stdio : SerialConfiguration.Parse(file.Serial),
            Deterministic = file.Deterministic ?? false,
            Trace = file.Trace.ToArray(),
            FirmwareTables = ParseFirmwareTables(file.FirmwareTables ?? "dt"),
            SecondaryStart = ParseSecondaryStart(file.SecondaryStart ?? "psci"),
            HasEl2 = file.El2 ?? true,
            HasEl3 = file.El3 ?? true,
            Timeout = file.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            NoReboot = file.NoReboot ?? false,
        };
    }

    /// <summary>Parses <c>dt</c> or <c>acpi</c>.</summary>
    public static FirmwareTables ParseFirmwareTables(string text) => text switch
    {
        "dt" or "devicetree" or "device-tree" => Vmm.FirmwareTables.DeviceTree,
        "acpi" => Vmm.FirmwareTables.Acpi,
        _ => throw new MachineConfigurationException($"bad firmware tables '{text}': expected dt or acpi"),
    };

    /// <summary>Parses <c>psci</c> or <c>platform</c>.</summary>
    public static SecondaryStartKind ParseSecondaryStart(string text) => text switch
    {
        "psci" => SecondaryStartKind.Psci,
        "platform" => SecondaryStartKind.Platform,
        _ => throw new MachineConfigurationException($"bad secondary start '{text}': expected psci or platform"),
    };
}
