namespace Armvisor.Vmm.LinuxKit;

/// <summary>A host-side failure of the guest kit; <see cref="Exception.Message"/> is one line for the user.</summary>
public sealed class GuestKitException : Exception
{
    public GuestKitException(GuestKitFailure failure, string message) : base(message) => Failure = failure;

    public GuestKitException(GuestKitFailure failure, string message, Exception innerException)
        : base(message, innerException) => Failure = failure;

    public GuestKitException() : base("guest kit failure") => Failure = GuestKitFailure.ToolFailed;

    public GuestKitException(string message) : base(message) => Failure = GuestKitFailure.ToolFailed;

    public GuestKitException(string message, Exception innerException) : base(message, innerException) => Failure = GuestKitFailure.ToolFailed;

    /// <summary>What kind of failure this is (the CLI maps it to an exit code and a hint).</summary>
    public GuestKitFailure Failure { get; }
}
