namespace Armvisor.Vmm;

/// <summary>
/// What one flash bank starts with: a host file, whether the guest may program it, and whether its programming is
/// written back to the file (a <c>--pflash</c> bank that is not read-only; a <c>--bios</c> image is writable in the
/// bank but never written back, as QEMU's <c>-bios</c>).
/// </summary>
public sealed record FlashBankSource(string Path, bool ReadOnly, bool WriteBack)
{
    /// <summary>Number of flash banks on the virt board.</summary>
    public const int BankCount = 2;

    /// <summary>
    /// Each bank's source (null: the bank is erased-to-zero and unbacked, like QEMU's flash without a drive), from
    /// <c>--bios</c> (bank 0) and the <c>--pflash</c> options in order (an explicit unit, else the first free bank).
    /// </summary>
    public static FlashBankSource?[] Assign(string? biosPath, IReadOnlyList<PflashConfiguration> pflash)
    {
        ArgumentNullException.ThrowIfNull(pflash);
        var banks = new FlashBankSource?[BankCount];
        if (biosPath is not null)
        {
            banks[0] = new FlashBankSource(biosPath, ReadOnly: false, WriteBack: false);
        }

        foreach (PflashConfiguration p in pflash)
        {
            int unit = p.Unit ?? Array.IndexOf(banks, null);
            if (unit < 0)
            {
                throw new MachineConfigurationException($"--pflash {p.Path}: both flash banks are already taken");
            }

            if (banks[unit] is { } taken)
            {
                throw new MachineConfigurationException(
                    $"--pflash {p.Path}: flash bank {unit} already holds {taken.Path}{(unit == 0 && biosPath is not null ? " (--bios)" : "")}");
            }

            banks[unit] = new FlashBankSource(p.Path, p.ReadOnly, WriteBack: !p.ReadOnly);
        }

        return banks;
    }
}
