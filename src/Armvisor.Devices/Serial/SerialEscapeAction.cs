namespace Armvisor.Devices.Serial;

/// <summary>What the console should do with one byte typed on the host.</summary>
public enum SerialEscapeAction
{
    /// <summary>Send the forwarded byte to the guest.</summary>
    Forward,

    /// <summary>The byte was consumed by the escape parser; send nothing.</summary>
    Consumed,

    /// <summary>The user typed the quit sequence (Ctrl-A x).</summary>
    Quit,

    /// <summary>The user asked for the escape-key help (Ctrl-A h).</summary>
    Help,

    /// <summary>Ctrl-A n: send the guest its pseudo-NMI (like QEMU's monitor <c>nmi</c>).</summary>
    Nmi,
}
