namespace Armvisor.Vmm;

/// <summary>The host side of the <c>stdio</c> serial back end: where guest output goes and host keystrokes come from.</summary>
/// <param name="Output">Receives the guest's console bytes untouched.</param>
/// <param name="Input">Host keystrokes for the guest, or null for none.</param>
/// <param name="IsTerminal">Input is an interactive terminal (raw mode, Ctrl-A x quits).</param>
public sealed record MachineConsole(Stream Output, Stream? Input, bool IsTerminal)
{
    /// <summary>The process's own stdout/stdin.</summary>
    public static MachineConsole FromProcess() =>
        new(Console.OpenStandardOutput(), Console.OpenStandardInput(), !Console.IsInputRedirected);
}
