using System.Text;

namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// The kernel command line for the kit: the PL011 console from the first line (earlycon at QEMU virt's UART,
/// linux-platform.md §2.1) plus the <c>armvisor.*</c> parameters /init reads.
/// </summary>
public sealed record GuestCommandLine
{
    /// <summary>console=ttyAMA0 with earlycon on the PL011 at 0x0900_0000 (MachineLayout.Uart).</summary>
    public const string Console = "console=ttyAMA0 earlycon=pl011,0x9000000";

    /// <summary>Scripts to run after the marker, in order.</summary>
    public IReadOnlyList<string> Run { get; init; } = [];

    public AfterScripts Then { get; init; } = AfterScripts.Shell;

    /// <summary>armvisor.KEY=VALUE parameters (the scripts see ARMVISOR_KEY).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Kernel parameters appended as given (e.g. "quiet").</summary>
    public string Extra { get; init; } = "";

    public override string ToString()
    {
        var line = new StringBuilder(Console);
        if (Run.Count > 0)
        {
            line.Append(" armvisor.run=").AppendJoin(',', Run);
        }

        line.Append(" armvisor.then=").Append(Then == AfterScripts.PowerOff ? "poweroff" : "shell");
        foreach ((string key, string value) in Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key.Any(char.IsWhiteSpace) || value.Any(char.IsWhiteSpace) || key.Contains('=', StringComparison.Ordinal))
            {
                throw new ArgumentException($"kernel parameter armvisor.{key}={value}: no spaces, no '=' in the key");
            }

            line.Append(" armvisor.").Append(key).Append('=').Append(value);
        }

        if (Extra.Length > 0)
        {
            line.Append(' ').Append(Extra);
        }

        return line.ToString();
    }
}
