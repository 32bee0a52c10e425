namespace Armvisor.Engine.A64.Decoding;

/// <summary>A malformed bit pattern in the encoding table: a build-time bug of the table, never a guest condition.</summary>
public sealed class EncodingPatternException : Exception
{
    public EncodingPatternException(string message) : base(message) { }

    public EncodingPatternException(string message, Exception innerException) : base(message, innerException) { }

    public EncodingPatternException() { }
}
