namespace Armvisor.Devices.Flash;

/// <summary>Status register bits (Intel StrataFlash datasheet, Table 15).</summary>
internal static class FlashStatus
{
    /// <summary>SR.7: the write state machine is ready (operations here complete at once).</summary>
    public const byte Ready = 0x80;

    /// <summary>SR.5: erase error (with SR.4: command sequence error).</summary>
    public const byte EraseError = 0x20;

    /// <summary>SR.4: program error.</summary>
    public const byte ProgramError = 0x10;

    /// <summary>SR.1: the operation was aborted on a locked (here: read-only) block.</summary>
    public const byte BlockLocked = 0x02;

    /// <summary>SR.5 and SR.4 together: an invalid command sequence.</summary>
    public const byte SequenceError = EraseError | ProgramError;
}
