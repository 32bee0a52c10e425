namespace Armvisor.Fleet.Output;

/// <summary>How a table is drawn (<c>--table-style</c>).</summary>
public enum TableStyle
{
    /// <summary>Box drawing and colours on a terminal; plain columns when standard output is not a terminal.</summary>
    Auto,

    /// <summary>Aligned columns separated by two spaces, one line per record, never wrapped.</summary>
    Plain,

    /// <summary>Box drawing even in a pipe (at full width, never wrapped mid-word).</summary>
    Box,
}
