using System.Globalization;

namespace Armvisor.Vmm;

/// <summary>The serial back end, parsed from <c>stdio</c>, <c>file:PATH</c>, <c>tcp:PORT</c> or <c>none</c>.</summary>
public sealed record SerialConfiguration(SerialBackendKind Kind, string? Path = null, int Port = 0)
{
    public static SerialConfiguration Stdio { get; } = new(SerialBackendKind.Stdio);

    public static SerialConfiguration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "stdio")
        {
            return Stdio;
        }

        if (text == "none")
        {
            return new SerialConfiguration(SerialBackendKind.None);
        }

        if (text.StartsWith("file:", StringComparison.Ordinal) && text.Length > 5)
        {
            return new SerialConfiguration(SerialBackendKind.File, Path: text[5..]);
        }

        if (text.StartsWith("tcp:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and < 65536)
        {
            return new SerialConfiguration(SerialBackendKind.Tcp, Port: port);
        }

        throw new MachineConfigurationException($"bad --serial '{text}': expected stdio, none, file:PATH or tcp:PORT");
    }

    public override string ToString() => Kind switch
    {
        SerialBackendKind.File => $"file:{Path}",
        SerialBackendKind.Tcp => $"tcp:{Port}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
