namespace Armvisor.Vmm;

/// <summary>
/// A flash bank's contents from a host file, parsed from <c>FILE[,readonly][,unit=N]</c> (QEMU's
/// <c>-drive if=pflash,unit=N,file=FILE,readonly=on</c>): unit 0 is the bank at 0x0 (firmware code), unit 1 the bank at
/// 0x0400_0000 (the EFI variable store). A writable bank writes the guest's flash programming back to the file.
/// </summary>
/// <param name="Unit">The bank, or null for the first bank no other option took.</param>
public sealed record PflashConfiguration(string Path, bool ReadOnly, int? Unit = null)
{
    public static PflashConfiguration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? path = null;
        bool readOnly = false;
        int? unit = null;
        foreach (string part in text.Split(','))
        {
            if (part is "readonly" or "readonly=on" or "ro")
            {
                readOnly = true;
            }
            else if (part.StartsWith("unit=", StringComparison.Ordinal))
            {
                unit = part[5..] switch
                {
                    "0" => 0,
                    "1" => 1,
                    _ => throw new MachineConfigurationException($"bad --pflash '{text}': unit must be 0 or 1"),
                };
            }
            else if (part.StartsWith("file=", StringComparison.Ordinal) && part.Length > 5)
            {
                path = part[5..];
            }
            else if (path is null && part.Length > 0 && !part.Contains('=', StringComparison.Ordinal))
            {
                path = part;
            }
            else
            {
                throw new MachineConfigurationException($"bad --pflash '{text}': unknown part '{part}' (expected FILE[,readonly][,unit=0|1])");
            }
        }

        return path is null
            ? throw new MachineConfigurationException($"bad --pflash '{text}': missing the file")
            : new PflashConfiguration(path, readOnly, unit);
    }
}
