namespace Armvisor.Vmm.Control;

/// <summary>A QMP error reply: <c>{"error": {"class": ..., "desc": ...}}</c> (QMP specification §2.4.2; classes from qapi/error.json).</summary>
internal sealed class QmpError : Exception
{
    public QmpError(string errorClass, string description) : base(description) => ErrorClass = errorClass;

    public QmpError() : this(GenericError, "error") { }

    public QmpError(string message) : this(GenericError, message) { }

    public QmpError(string message, Exception innerException) : base(message, innerException) => ErrorClass = GenericError;

    public const string GenericError = "GenericError";
    public const string CommandNotFound = "CommandNotFound";

    public string ErrorClass { get; }
}
