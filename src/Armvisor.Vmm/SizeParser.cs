using System.Globalization;

namespace Armvisor.Vmm;

/// <summary>
/// Parses sizes such as <c>512M</c>, <c>1G</c>, <c>64K</c> with binary units like QEMU's <c>-m</c>; a bare number is
/// MiB, as QEMU's <c>-m 256</c> is (qemu-options.hx: "Optional suffix M or G ... default MiB").
/// </summary>
public static class SizeParser
{
    public static ulong Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        ulong multiplier = 1UL << 20;
        if (t.Length > 0 && char.IsLetter(t[^1]))
        {
            multiplier = char.ToUpperInvariant(t[^1]) switch
            {
                'K' => 1UL << 10,
                'M' => 1UL << 20,
                'G' => 1UL << 30,
                'T' => 1UL << 40,
                _ => 0,
            };
            t = t[..^1];
        }

        if (multiplier == 0 || !ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) || value == 0)
        {
            throw new MachineConfigurationException($"bad {what} '{text}': expected a size such as 512M or 1G");
        }

        try
        {
            return checked(value * multiplier);
        }
        catch (OverflowException)
        {
            throw new MachineConfigurationException($"bad {what} '{text}': too large");
        }
    }
}
