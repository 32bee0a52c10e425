namespace Armvisor.Vmm;

/// <summary>A virtio-blk drive backed by a host file, parsed from <c>file=PATH[,readonly]</c>.</summary>
public sealed record DriveConfiguration(string Path, bool ReadOnly)
{
    public static DriveConfiguration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? path = null;
        bool readOnly = false;
        foreach (string part in text.Split(','))
        {
            if (part.StartsWith("file=", StringComparison.Ordinal) && part.Length > 5)
            {
                path = part[5..];
            }
            else if (part is "readonly" or "readonly=on" or "ro")
            {
                readOnly = true;
            }
            else
            {
                throw new MachineConfigurationException($"bad --drive '{text}': unknown part '{part}' (expected file=PATH[,readonly])");
            }
        }

        return path is null
            ? throw new MachineConfigurationException($"bad --drive '{text}': missing file=PATH")
            : new DriveConfiguration(path, readOnly);
    }
}
