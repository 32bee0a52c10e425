namespace Armvisor.Core.WfeChannel;

/// <summary>Status codes in X1 of a response.</summary>
public enum WfeStatus : ulong
{
    Ok = 0,
    UnknownCommand = 1,

    /// <summary>The VM's configuration does not allow this request (e.g. an action it does not permit).</summary>
    Denied = 2,

    InvalidArgument = 3,

    /// <summary>PET or DISABLE without a configured watchdog.</summary>
    NotConfigured = 4,
}
