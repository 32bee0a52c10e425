using Spectre.Console;

namespace Armvisor.Fleet.Output;

/// <summary>
/// What the process's standard streams are connected to, and consoles that honour it: colours only on a terminal and
/// never with <c>NO_COLOR</c> set to a non-empty value (https://no-color.org), width unlimited in a pipe.
/// </summary>
public static class Terminal
{
    /// <summary>The width a table gets when its stream is not a terminal: wide enough that nothing ever wraps.</summary>
    public const int PipeWidth = 10_000;

    public static bool StdoutIsTerminal => !System.Console.IsOutputRedirected;

    public static bool StderrIsTerminal => !System.Console.IsErrorRedirected;

    /// <summary>True when the user asked for no colour (NO_COLOR present and not empty).</summary>
    public static bool NoColor => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>A Spectre console on <paramref name="writer"/>: ANSI and colour only when it is a terminal and colour is allowed.</summary>
    public static IAnsiConsole Console(TextWriter writer, bool isTerminal)
    {
        bool colour = isTerminal && !NoColor;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = PipeWidth;
        }

        return console;
    }

    public static IAnsiConsole Stdout() => Console(System.Console.Out, StdoutIsTerminal);

    public static IAnsiConsole Stderr() => Console(System.Console.Error, StderrIsTerminal);
}
