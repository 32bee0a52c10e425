using System.Text.RegularExpressions;

namespace Armvisor.Bench.Qemu;

/// <summary>
/// Turns a reference emulator that could not start (QEMU exits before the guest printed anything) into one line that
/// names what is missing and the Debian package that provides it, instead of letting a caller index an empty output.
/// </summary>
public static partial class ReferenceToolDiagnosis
{
    /// <summary>QEMU's own words for a missing file, and the Debian package that ships the file.</summary>
    private static readonly (Regex Message, string Package)[] MissingFiles =
    [
        // The virt board's default NIC (virtio-net-pci) loads its option ROM; `-nic none` needs none.
        (RomFileMessage(), "ipxe-qemu"),
        // -bios edk2 / the firmware images of -M virt with firmware.
        (RomImageMessage(), "qemu-efi-aarch64"),
    ];

    /// <summary>
    /// Why <paramref name="tool"/> did not run the guest, or null when it did (it printed guest output, or exited 0).
    /// </summary>
    public static string? Explain(string tool, int exitCode, string guestOutput, string errors)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (exitCode == 0 || !string.IsNullOrWhiteSpace(guestOutput))
        {
            return null;
        }

        foreach ((Regex message, string package) in MissingFiles)
        {
            Match match = message.Match(errors ?? "");
            if (match.Success)
            {
                return $"{tool} could not start: file {match.Groups["file"].Value} is missing (Debian package {package}; scripts/install-deps.sh installs it)";
            }
        }

        string first = (errors ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return $"{tool} exited with {exitCode} before the guest printed anything: {first}";
    }

    /// <summary>Why a tool that is not on PATH is missing, naming its Debian package.</summary>
    public static string NotInstalled(string tool, string package) =>
        $"{tool} is not installed (Debian package {package}; scripts/install-deps.sh installs it)";

    [GeneratedRegex("Could not find ROM image '(?<file>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex RomImageMessage();

    [GeneratedRegex("failed to find romfile \"(?<file>[^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex RomFileMessage();
}
