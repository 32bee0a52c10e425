namespace Armvisor.Engine;

/// <summary>A host-side misuse of the engine (bad register, bad mapping). Never raised for guest behaviour.</summary>
public sealed class EngineException : Exception
{
    public EngineException(string message) : base(message) { }

    public EngineException(string message, Exception innerException) : base(message, innerException) { }

    public EngineException() { }
}
