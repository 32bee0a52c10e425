namespace Armvisor.Vmm;

/// <summary>A virtio-blk drive backed by a host file, parsed from <c>file=PATH[,format=raw|qcow2][,readonly]</c>.</summary>
/// <param name="Format">raw or qcow2; null: recognised from the file (Storage.DiskImage.FormatOf).</param>
public sealed record DriveConfiguration(string Path, bool ReadOnly, string? Format = null)
{
    public static DriveConfiguration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? path = null;
        bool readOnly = false;
        string? format = null;
        foreach (string part in text.Split(','))
        {
            if (part.StartsWith("file=", StringComparison.Ordinal) && part.Length > 5)
            {
                path = part[5..];
            }
            else if (part is "format=raw" or "format=qcow2")
            {
                format = part[7..];
            }
            else if (part is "readonly" or "readonly=on" or "ro")
            {
                readOnly = true;
            }
            else
            {
                throw new MachineConfigurationException($"bad --drive '{text}': unknown part '{part}' (expected file=PATH[,format=raw|qcow2][,readonly])");
            }
        }

        return path is null
            ? throw new MachineConfigurationException($"bad --drive '{text}': missing file=PATH")
            : new DriveConfiguration(path, readOnly, format);
    }
}
